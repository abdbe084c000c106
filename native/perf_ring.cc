#include "perf_ring.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "task_clock.h"

namespace causalprof {

namespace {

// The user registers the frame resolver needs (x86-64 perf_regs numbering). The kernel
// writes them in bit order: bp, sp, ip, r9, r12.
constexpr uint64_t kRegBp = 6, kRegSp = 7, kRegIp = 8, kRegR9 = 17, kRegR12 = 20;
constexpr uint64_t kRegsMask =
    (1ull << kRegBp) | (1ull << kRegSp) | (1ull << kRegIp) | (1ull << kRegR9) | (1ull << kRegR12);
constexpr size_t kRegCount = 5;

}  // namespace

int PerfRing::Open(pid_t tid, uint32_t interval_us, uint32_t stack_bytes, uint32_t data_pages) {
  Close();
  perf_event_attr attr = TaskClockAttr(interval_us);
  attr.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
  attr.sample_regs_user = kRegsMask;
  attr.sample_stack_user = stack_bytes & ~7u;  // the kernel wants a multiple of 8
  attr.use_clockid = 1;
  attr.clockid = CLOCK_MONOTONIC;  // the clock of RawSample::time_ns and the GC windows
  // No wakeups per sample: nobody waits on this fd (the drain thread polls on a timer), and
  // a wakeup is the self-IPI this ring exists to avoid. The kernel still wakes at its
  // default watermark, half the ring, which nobody waits for either.
  attr.wakeup_events = 0;
  attr.exclude_callchain_kernel = 1;
  const int fd = OpenTaskClock(&attr, tid);
  if (fd < 0) return errno;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t size = page * (1 + static_cast<size_t>(data_pages));
  void* base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (base == MAP_FAILED) {
    const int err = errno;
    close(fd);
    return err;
  }
  if (ioctl(fd, PERF_EVENT_IOC_RESET, 0) != 0 || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
    const int err = errno;
    munmap(base, size);
    close(fd);
    return err;
  }
  fd_ = fd;
  base_ = base;
  map_size_ = size;
  data_ = static_cast<uint8_t*>(base) + page;
  data_size_ = static_cast<uint64_t>(page) * data_pages;
  lost_ = 0;
  scratch_.resize(stack_bytes + 512);  // one record that wraps around the end of the ring
  return 0;
}

void PerfRing::Disable() {
  if (fd_ >= 0) ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
}

void PerfRing::Close() {
  if (fd_ < 0) return;
  ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
  munmap(base_, map_size_);
  close(fd_);
  fd_ = -1;
  base_ = nullptr;
  data_ = nullptr;
}

void PerfRing::CopyOut(uint64_t offset, void* to, size_t size) const {
  const uint64_t at = offset & (data_size_ - 1);
  const size_t first =
      static_cast<size_t>(data_size_ - at) < size ? static_cast<size_t>(data_size_ - at) : size;
  memcpy(to, data_ + at, first);
  if (first < size) memcpy(static_cast<uint8_t*>(to) + first, data_, size - first);
}

const uint8_t* PerfRing::Contiguous(uint64_t offset, size_t size) {
  const uint64_t at = offset & (data_size_ - 1);
  if (at + size <= data_size_) return data_ + at;
  if (scratch_.size() < size) scratch_.resize(size);
  CopyOut(offset, scratch_.data(), size);
  return scratch_.data();
}

// Layout for our sample_type (perf_event_open(2), PERF_RECORD_SAMPLE): header, time,
// abi + registers, stack size + stack bytes + dynamic size.
bool PerfRing::Decode(const uint8_t* record, size_t size, PerfSample* out) const {
  const uint8_t* p = record + sizeof(perf_event_header);
  const uint8_t* end = record + size;
  auto take = [&](uint64_t* v) {
    if (p + sizeof *v > end) return false;
    memcpy(v, p, sizeof *v);
    p += sizeof *v;
    return true;
  };
  uint64_t abi = 0;
  if (!take(&out->time_ns) || !take(&abi)) return false;
  uint64_t regs[kRegCount] = {};
  if (abi != PERF_SAMPLE_REGS_ABI_NONE) {
    for (uint64_t& r : regs) {
      if (!take(&r)) return false;
    }
  }
  uint64_t stack_size = 0;
  if (!take(&stack_size)) return false;
  if (p + stack_size > end) return false;
  const uint8_t* stack = p;
  p += stack_size;
  uint64_t dyn_size = 0;
  if (stack_size > 0 && !take(&dyn_size)) return false;
  if (abi == PERF_SAMPLE_REGS_ABI_NONE) return false;  // taken in a kernel thread: no user state
  out->fp = regs[0];
  out->sp = regs[1];
  out->pc = regs[2];
  out->r9 = regs[3];
  out->r12 = regs[4];
  out->stack = stack;
  out->stack_size = dyn_size < stack_size ? static_cast<size_t>(dyn_size) : static_cast<size_t>(stack_size);
  return true;
}

}  // namespace causalprof
