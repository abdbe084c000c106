// A perf_event task-clock sampler that raises no signal: the kernel writes each sample
// (registers and a copy of the top of the user stack) into a ring shared with us, and the
// drain thread reads it. On a VM without a PMU a signal per sample costs about as much
// again as the timer interrupt itself (bench/README.md), so `sample --timer ring` skips it.
// Nothing here runs in a signal handler.
#pragma once

#include <linux/perf_event.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace causalprof {

// One PERF_RECORD_SAMPLE, decoded. `stack` points into the ring or a scratch copy and is
// valid only inside the Drain callback.
struct PerfSample {
  uint64_t time_ns;  // CLOCK_MONOTONIC, like RawSample::time_ns
  uintptr_t pc, sp, fp, r9, r12;
  const uint8_t* stack;  // the `stack_size` bytes from sp up, as they were at the sample
  size_t stack_size;
};

class PerfRing {
 public:
  PerfRing() = default;
  PerfRing(const PerfRing&) = delete;
  PerfRing& operator=(const PerfRing&) = delete;
  ~PerfRing() { Close(); }

  // Samples thread `tid` every `interval_us` of its CPU time, copying `stack_bytes` of its
  // stack into a ring of `data_pages` pages (a power of two). Returns 0, or the errno of
  // the step that failed: perf_event_open (EACCES/EPERM: perf refused) or mmap (EPERM:
  // the locked-memory allowance for perf rings, perf_event_mlock_kb + RLIMIT_MEMLOCK, is
  // used up).
  int Open(pid_t tid, uint32_t interval_us, uint32_t stack_bytes, uint32_t data_pages);
  // Stops sampling; what the ring holds stays readable until Close.
  void Disable();
  void Close();
  bool is_open() const { return fd_ >= 0; }

  // Calls fn(const PerfSample&) for each sample written since the last call, oldest first,
  // then frees their space. One consumer at a time: the caller serialises.
  template <typename Fn>
  size_t Drain(Fn&& fn) {
    if (fd_ < 0) return 0;
    const uint64_t head = __atomic_load_n(&meta()->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = meta()->data_tail;
    size_t n = 0;
    PerfSample sample;
    while (tail < head) {
      perf_event_header header;
      CopyOut(tail, &header, sizeof header);
      if (header.size < sizeof header) break;  // never written by a sane kernel
      if (header.type == PERF_RECORD_SAMPLE) {
        const uint8_t* record = Contiguous(tail, header.size);
        if (Decode(record, header.size, &sample)) {
          fn(static_cast<const PerfSample&>(sample));
          ++n;
        }
      } else if (header.type == PERF_RECORD_LOST) {
        uint64_t id_and_lost[2];
        CopyOut(tail + sizeof header, id_and_lost, sizeof id_and_lost);
        lost_ += id_and_lost[1];
      }
      tail += header.size;
    }
    __atomic_store_n(&meta()->data_tail, tail, __ATOMIC_RELEASE);
    return n;
  }

  // Samples the kernel dropped because the ring was full.
  uint64_t lost() const { return lost_; }

 private:
  perf_event_mmap_page* meta() const { return static_cast<perf_event_mmap_page*>(base_); }
  void CopyOut(uint64_t offset, void* to, size_t size) const;
  // The `size` bytes at ring offset `offset`, in place, or copied to scratch_ if they wrap.
  const uint8_t* Contiguous(uint64_t offset, size_t size);
  bool Decode(const uint8_t* record, size_t size, PerfSample* out) const;

  int fd_ = -1;
  void* base_ = nullptr;  // the metadata page, then the data pages
  size_t map_size_ = 0;
  uint8_t* data_ = nullptr;
  uint64_t data_size_ = 0;  // a power of two
  uint64_t lost_ = 0;
  std::vector<uint8_t> scratch_;
};

}  // namespace causalprof
