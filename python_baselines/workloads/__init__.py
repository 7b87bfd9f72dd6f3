"""One module per workload; each registers its Python impls and its reference checksum."""
