// The dataloader workload on the GPU: sample files, the decode kernel, the epoch loop (dataloader.cuh).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "cuda/dataloader.cuh"
#include "cuda/matmul.cuh"  // SPEEDLAB_CUBLAS_CHECK
#include "harness/prng.hpp"

namespace speedlab::cuda::dataloader {
namespace {

std::string sample_path(const std::string& folder, std::int64_t sample) {
  char name[32];
  std::snprintf(name, sizeof name, "/sample-%07lld.u8", static_cast<long long>(sample));
  return folder + name;
}

bool has_size(const std::string& path, std::int64_t bytes) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && info.st_size == bytes;
}

void write_sample(const std::string& path, std::int64_t sample, std::int64_t features, std::uint64_t seed) {
  std::vector<unsigned char> values(static_cast<std::size_t>(features));
  for (std::int64_t j = 0; j < features; ++j) {  // floor(256 u): exact, u = k 2^-53
    values[static_cast<std::size_t>(j)] = static_cast<unsigned char>(
        std::floor(256.0 * uniform01(seed, static_cast<std::uint64_t>(sample * features + j))));
  }
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr || std::fwrite(values.data(), 1, values.size(), file) != values.size() || std::fclose(file) != 0) {
    throw std::runtime_error("cannot write " + temporary);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot rename " + temporary);
}

__global__ void decode(const unsigned char* raw, float* x, std::size_t count) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    x[i] = static_cast<float>(raw[i]) / 255.0f;  // IEEE division (no fast math): as NumPy's float32
  }
}

}  // namespace

std::string ensure_samples(const std::string& data_dir, const Shape& shape, std::uint64_t seed) {
  const std::string folder =
      data_dir + "/dataloader-f" + std::to_string(shape.features) + "-seed" + std::to_string(seed);
  ::mkdir(folder.c_str(), 0755);  // may exist: Python or an earlier cell wrote it
  bool wrote = false;
  for (std::int64_t sample = 0; sample < shape.samples(); ++sample) {
    const std::string path = sample_path(folder, sample);
    if (!has_size(path, shape.features)) {
      write_sample(path, sample, shape.features, seed);
      wrote = true;
    }
  }
  if (wrote) ::sync();  // on the disk: from_disk can drop the clean pages
  return folder;
}

void read_batch(const std::string& folder, const Shape& shape, std::int64_t index, unsigned char* out) {
  for (std::int64_t row = 0; row < shape.batch; ++row) {
    const std::string path = sample_path(folder, index * shape.batch + row);
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw std::runtime_error("cannot open " + path);
    const ssize_t got = ::read(fd, out + row * shape.features, static_cast<std::size_t>(shape.features));
    ::close(fd);
    if (got != shape.features) throw std::runtime_error(path + " is short");
  }
}

void drop_samples(const std::string& folder, const Shape& shape) {
  for (std::int64_t sample = 0; sample < shape.samples(); ++sample) {
    const int fd = ::open(sample_path(folder, sample).c_str(), O_RDONLY);
    if (fd < 0) continue;
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

std::vector<float> weights(const Shape& shape, std::uint64_t seed) {
  std::vector<float> w(static_cast<std::size_t>(shape.features * shape.outputs));
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(uniform01(seed, kWeightOffset + i));
  return w;
}

Loader::Loader(const Shape& shape, const std::string& folder, const std::vector<float>& host_weights)
    : shape_(shape), folder_(folder), raw0_(shape.batch_bytes()), raw1_(shape.batch_bytes()),
      x_(shape.batch_bytes()), w_(host_weights.size()), y_(static_cast<std::size_t>(shape.samples() * shape.outputs)),
      start_(static_cast<std::size_t>(shape.batches)), stop_(static_cast<std::size_t>(shape.batches)) {
  for (auto*& buffer : pinned_) SPEEDLAB_CUDA_CHECK(cudaMallocHost(&buffer, shape.batch_bytes()));
  SPEEDLAB_CUDA_CHECK(cudaMemcpy(w_.data(), host_weights.data(), host_weights.size() * sizeof(float),
                                 cudaMemcpyHostToDevice));
  SPEEDLAB_CUDA_CHECK(cudaStreamCreateWithFlags(&copy_, cudaStreamNonBlocking));
  SPEEDLAB_CUDA_CHECK(cudaStreamCreateWithFlags(&compute_, cudaStreamNonBlocking));
  for (int slot = 0; slot < 2; ++slot) {
    SPEEDLAB_CUDA_CHECK(cudaEventCreateWithFlags(&copied_[slot], cudaEventDisableTiming));
    SPEEDLAB_CUDA_CHECK(cudaEventCreateWithFlags(&decoded_[slot], cudaEventDisableTiming));
  }
  for (std::size_t k = 0; k < start_.size(); ++k) {
    SPEEDLAB_CUDA_CHECK(cudaEventCreate(&start_[k]));
    SPEEDLAB_CUDA_CHECK(cudaEventCreate(&stop_[k]));
  }
  SPEEDLAB_CUBLAS_CHECK(cublasCreate(&cublas_));
  SPEEDLAB_CUBLAS_CHECK(cublasSetMathMode(cublas_, CUBLAS_PEDANTIC_MATH));  // true float32, no TF32
  SPEEDLAB_CUBLAS_CHECK(cublasSetStream(cublas_, compute_));
}

Loader::~Loader() {
  cublasDestroy(cublas_);
  for (std::size_t k = 0; k < start_.size(); ++k) {
    cudaEventDestroy(start_[k]);
    cudaEventDestroy(stop_[k]);
  }
  for (int slot = 0; slot < 2; ++slot) {
    cudaEventDestroy(copied_[slot]);
    cudaEventDestroy(decoded_[slot]);
    cudaFreeHost(pinned_[slot]);
  }
  cudaStreamDestroy(copy_);
  cudaStreamDestroy(compute_);
}

void Loader::step(std::int64_t index, int slot, cudaStream_t stream) {
  const auto k = static_cast<std::size_t>(index);
  const std::size_t count = shape_.batch_bytes();
  SPEEDLAB_CUDA_CHECK(cudaEventRecord(start_[k], stream));
  const int blocks = static_cast<int>(std::min<std::size_t>((count + 255) / 256, 4096));
  decode<<<blocks, 256, 0, stream>>>((slot == 0 ? raw0_ : raw1_).data(), x_.data(), count);
  SPEEDLAB_CUDA_CHECK(cudaGetLastError());
  SPEEDLAB_CUDA_CHECK(cudaEventRecord(decoded_[slot], stream));
  // Row-major Y_b (batch x outputs) = X_b (batch x features) W (features x outputs): column-major Y^T = W^T X^T.
  const float one = 1.0f, zero = 0.0f;
  const auto n = static_cast<int>(shape_.outputs), m = static_cast<int>(shape_.batch), f = static_cast<int>(shape_.features);
  SPEEDLAB_CUBLAS_CHECK(cublasSgemm(cublas_, CUBLAS_OP_N, CUBLAS_OP_N, n, m, f, &one, w_.data(), n, x_.data(), f,
                                    &zero, y_.data() + index * shape_.batch * shape_.outputs, n));
  SPEEDLAB_CUDA_CHECK(cudaEventRecord(stop_[k], stream));
}

EpochTimes Loader::epoch(bool overlap, float* host_outputs) {
  const auto begin = HostClock::now();
  for (std::int64_t k = 0; k < shape_.batches; ++k) {
    const int slot = overlap ? static_cast<int>(k % 2) : 0;
    // Overlap: the pinned buffer and device slot were batch k-2's; its copy must be done before the host
    // rewrites the buffer, and its decode before the copy rewrites the slot.
    if (overlap && k >= 2) SPEEDLAB_CUDA_CHECK(cudaEventSynchronize(copied_[slot]));
    read_batch(folder_, shape_, k, pinned_[slot]);
    const cudaStream_t copy_stream = overlap ? copy_ : compute_;
    if (overlap && k >= 2) SPEEDLAB_CUDA_CHECK(cudaStreamWaitEvent(copy_, decoded_[slot], 0));
    SPEEDLAB_CUDA_CHECK(cudaMemcpyAsync((slot == 0 ? raw0_ : raw1_).data(), pinned_[slot], shape_.batch_bytes(),
                                        cudaMemcpyHostToDevice, copy_stream));
    SPEEDLAB_CUDA_CHECK(cudaEventRecord(copied_[slot], copy_stream));
    if (overlap) SPEEDLAB_CUDA_CHECK(cudaStreamWaitEvent(compute_, copied_[slot], 0));
    step(k, slot, compute_);
    if (!overlap) SPEEDLAB_CUDA_CHECK(cudaStreamSynchronize(compute_));  // the host waits: they take turns
  }
  SPEEDLAB_CUDA_CHECK(cudaMemcpyAsync(host_outputs, y_.data(), y_.size() * sizeof(float), cudaMemcpyDeviceToHost,
                                      compute_));
  SPEEDLAB_CUDA_CHECK(cudaStreamSynchronize(compute_));
  EpochTimes times;
  times.epoch_s = seconds_between(begin, HostClock::now());
  for (std::size_t k = 0; k < start_.size(); ++k) {
    float milliseconds = 0.0f;
    SPEEDLAB_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, start_[k], stop_[k]));
    times.step_s += static_cast<double>(milliseconds) * 1e-3;
  }
  return times;
}

}  // namespace speedlab::cuda::dataloader
