// What one CPU-time sample costs on this machine, without Node: the floor under any sampler
// causalprof could build here, split into the timer interrupt, the signal, and a perf ring.
//
//   cc -O2 -pthread bench/timer-cost.c -o /tmp/timer-cost -lm && /tmp/timer-cost [rounds]
//
// Two threads (like the main thread and a worker) each run the same chain of dependent
// square roots. Every round runs each variant once, in rotating order; a variant's cost is
// its work time over the unsampled run of the same round (geometric mean over rounds), and
// per sample: the extra time divided by the samples each thread took.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum timer_kind { NONE, PERF_COUNT_ONLY, PERF_SIGNAL, PERF_RING, POSIX_SIGNAL };

struct variant {
  const char *name;
  enum timer_kind kind;
  long interval_us;
  unsigned stack_bytes;  // PERF_RING: how much of the stack above sp each record copies
};

static const struct variant VARIANTS[] = {
    {"none", NONE, 0, 0},
    {"perf 1 kHz, interrupt only (no signal, no ring)", PERF_COUNT_ONLY, 1000, 0},
    {"perf 1 kHz, signal per sample (causalprof today)", PERF_SIGNAL, 1000, 0},
    {"perf 1 kHz, ring: regs + 512 B stack, no signal", PERF_RING, 1000, 512},
    {"perf 1 kHz, ring: regs + 4 KB stack, no signal", PERF_RING, 1000, 4096},
    {"perf 1 kHz, ring: regs + 16 KB stack, no signal", PERF_RING, 1000, 16384},
    {"POSIX CPU timer 1 ms (fires at the tick)", POSIX_SIGNAL, 1000, 0},
    {"perf 100 Hz, signal per sample", PERF_SIGNAL, 10000, 0},
    {"POSIX CPU timer 10 ms (causalprof's 100 Hz)", POSIX_SIGNAL, 10000, 0},
};
#define NVARIANTS (sizeof VARIANTS / sizeof VARIANTS[0])

static const long CHAIN_STEPS = 200000000;
static __thread long thread_signals;

// ASYNC-SIGNAL-SAFE: increments this thread's own counter, nothing else.
static void on_sample(int sig, siginfo_t *info, void *ctx) {
  (void)sig, (void)info, (void)ctx;
  thread_signals++;
}

static double now_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct thread_run {
  const struct variant *v;
  pthread_barrier_t *start;
  double seconds;
  long samples;
  double result;
};

static int open_perf(const struct variant *v, pid_t tid) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;
  attr.sample_period = (uint64_t)v->interval_us * 1000;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.disabled = 1;
  if (v->kind == PERF_SIGNAL) attr.wakeup_events = 1;
  if (v->kind == PERF_RING) {
    attr.sample_type =
        PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
    attr.sample_regs_user = (1ull << 6) | (1ull << 7) | (1ull << 8);  // bp, sp, ip
    attr.sample_stack_user = v->stack_bytes;
  }
  int fd = (int)syscall(SYS_perf_event_open, &attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0) return -1;
  if (v->kind == PERF_RING) {
    // Read-only mapping: the kernel overwrites old records and never waits for a reader,
    // and wakes a reader only at half the ring, so the records cost only their writing.
    if (mmap(NULL, (1 + 64) * 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED) return -1;
  }
  if (v->kind == PERF_SIGNAL) {
    struct f_owner_ex owner = {F_OWNER_TID, tid};
    if (fcntl(fd, F_SETFL, O_ASYNC) || fcntl(fd, F_SETSIG, SIGRTMIN + 4) || fcntl(fd, F_SETOWN_EX, &owner))
      return -1;
  }
  ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
  return fd;
}

static void *run_thread(void *arg) {
  struct thread_run *r = arg;
  const struct variant *v = r->v;
  const pid_t tid = (pid_t)syscall(SYS_gettid);
  int fd = -1;
  timer_t timer;
  if (v->kind == POSIX_SIGNAL) {
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGRTMIN + 4;
    sev._sigev_un._tid = tid;
    clockid_t clock;
    pthread_getcpuclockid(pthread_self(), &clock);
    if (timer_create(clock, &sev, &timer)) perror("timer_create"), exit(1);
    struct itimerspec spec = {{0, v->interval_us * 1000}, {0, v->interval_us * 1000}};
    timer_settime(timer, 0, &spec, NULL);
  } else if (v->kind != NONE) {
    fd = open_perf(v, tid);
    if (fd < 0) perror("perf_event_open"), exit(1);
  }
  pthread_barrier_wait(r->start);
  const double cpu0 = now_s(CLOCK_THREAD_CPUTIME_ID), t0 = now_s(CLOCK_MONOTONIC);
  double x = 0;
  for (long i = 0; i < CHAIN_STEPS; i++) x = sqrt(x + (double)i);
  r->seconds = now_s(CLOCK_MONOTONIC) - t0;
  const double cpu = now_s(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  r->result = x;
  // Samples this thread took: its signals where there are any (a POSIX CPU timer fires at
  // most once per scheduler tick), else CPU time over the period.
  if (v->kind == PERF_SIGNAL || v->kind == POSIX_SIGNAL)
    r->samples = thread_signals;
  else
    r->samples = v->kind == NONE ? 0 : (long)(cpu * 1e6 / (double)v->interval_us);
  if (v->kind == POSIX_SIGNAL) timer_delete(timer);
  if (fd >= 0) close(fd);
  return NULL;
}

// Both threads at once; the work time is the slower thread's, as in bench/production.js.
static double run_variant(const struct variant *v, long *samples_per_thread) {
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, 2);
  struct thread_run runs[2] = {{v, &start, 0, 0, 0}, {v, &start, 0, 0, 0}};
  pthread_t threads[2];
  for (int i = 0; i < 2; i++) pthread_create(&threads[i], NULL, run_thread, &runs[i]);
  for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
  pthread_barrier_destroy(&start);
  *samples_per_thread = (runs[0].samples + runs[1].samples) / 2;
  return runs[0].seconds > runs[1].seconds ? runs[0].seconds : runs[1].seconds;
}

int main(int argc, char **argv) {
  const int rounds = argc > 1 ? atoi(argv[1]) : 15;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_sample;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGRTMIN + 4, &action, NULL);

  double log_ratio[NVARIANTS] = {0}, extra_s[NVARIANTS] = {0}, samples[NVARIANTS] = {0};
  double base_total = 0;
  for (int round = 0; round < rounds; round++) {
    double seconds[NVARIANTS];
    long taken[NVARIANTS];
    for (size_t k = 0; k < NVARIANTS; k++) {
      const size_t i = (round + k) % NVARIANTS;
      seconds[i] = run_variant(&VARIANTS[i], &taken[i]);
    }
    base_total += seconds[0];
    for (size_t i = 1; i < NVARIANTS; i++) {
      log_ratio[i] += log(seconds[i] / seconds[0]);
      extra_s[i] += seconds[i] - seconds[0];
      samples[i] += (double)taken[i];
    }
    fprintf(stderr, "round %d/%d\n", round + 1, rounds);
  }
  printf("%d rounds, 2 threads, %.2f s of work per thread\n\n", rounds, base_total / rounds);
  printf("| variant | overhead | samples per thread per s | us per sample |\n|---|---:|---:|---:|\n");
  for (size_t i = 1; i < NVARIANTS; i++) {
    const double overhead = exp(log_ratio[i] / rounds) - 1;
    printf("| %s | %.2f%% | %.0f |  %.1f |\n", VARIANTS[i].name, overhead * 100,
           samples[i] / rounds / (base_total / rounds), extra_s[i] / samples[i] * 1e6);
  }
  return 0;
}
