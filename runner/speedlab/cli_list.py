"""`speedlab list`: every workload's impls and whether each can run here (ready, unavailable with the
harness's reason, not built, not applicable)."""

from __future__ import annotations

import click
from rich.table import Table

from speedlab import jsonio
from speedlab.cli_options import load_manifest_or_fail
from speedlab.harnesses import Harnesses
from speedlab.session import console


def impl_state(harnesses: Harnesses, workload, impl) -> tuple[str, str]:
    """(ready | unavailable | not built, the reason when not ready)."""
    status = harnesses.status(impl.language)
    if not status.usable:
        return "unavailable", status.reason
    if (workload.name, impl.name) not in status.impls:
        return "not built", f"the {impl.language} harness does not implement it"
    return "ready", ""


def listing(manifest, harnesses: Harnesses) -> list[dict]:
    """One entry per (workload, impl), in tier order, then the impls the workload declares not applicable."""
    entries = []
    for workload in manifest.workloads.values():
        for impl in sorted(workload.impls.values(), key=lambda i: (manifest.tier_rank(i.tier), i.name)):
            state, reason = impl_state(harnesses, workload, impl)
            entries.append(
                {
                    "workload": workload.name,
                    "impl": impl.name,
                    "tier": impl.tier,
                    "threads": impl.threads,
                    "state": state,
                    "reason": reason,
                    "description": impl.description,
                    "presets": list(impl.presets),
                }
            )
        for impl_name, reason in workload.not_applicable.items():
            entries.append(
                {
                    "workload": workload.name,
                    "impl": impl_name,
                    "tier": "",
                    "threads": "",
                    "state": "not applicable",
                    "reason": reason,
                    "description": "",
                }
            )
    return entries


def print_tables(manifest, entries: list[dict]) -> None:
    for workload in manifest.workloads.values():
        sizes = "; ".join(
            f"{preset}: " + ", ".join(f"{p[workload.size_param]:,}" for p in presets)
            for preset, presets in workload.sizes.items()
        )
        table = Table(
            title=f"{workload.name} — {workload.title} ({workload.size_param}; {sizes})",
            title_justify="left",
            header_style="bold",
        )
        for header in ("impl", "tier", "threads", "state", "description / reason"):
            table.add_column(header)
        for item in (entry for entry in entries if entry["workload"] == workload.name):
            style = {"ready": None, "not applicable": "dim"}.get(item["state"], "yellow")
            text = item["description"] if item["state"] == "ready" else item["reason"]
            if item.get("presets"):
                text += f" (runs in preset {', '.join(item['presets'])}, or when --impls selects it)"
            table.add_row(item["impl"], item["tier"], item["threads"], item["state"], text, style=style)
        console.print(table)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.pass_obj
def list_command(obj, as_json: bool) -> None:
    """Workloads, their impls, and whether each can run here."""
    manifest = load_manifest_or_fail(obj["manifest_dir"])
    entries = listing(manifest, Harnesses(manifest, obj["build_dir"]))
    if not as_json:
        print_tables(manifest, entries)
        return
    workloads = {
        w.name: {"title": w.title, "size_param": w.size_param, "sizes": w.sizes} for w in manifest.workloads.values()
    }
    click.echo(jsonio.dumps({"workloads": workloads, "impls": entries}, indent=2))
