// clock_shift.so: moves a process's wall clock (CLOCK_REALTIME and what reads it: gettimeofday,
// time) by the number of seconds in the file named by CLOCK_SHIFT_FILE, read again on every
// call, so a test can make the clock jump under a running process. CLOCK_MONOTONIC and the
// others are untouched, as a real clock step leaves them.
//
// Why not libfaketime: rampart links jemalloc, whose initialisation reads the clock while
// libfaketime's own initialisation allocates, and the process hangs (libfaketime 0.9.10: "Cannot
// recover from unexpected recursive calls to clock_gettime()"). This shim allocates nothing and
// resolves no symbol: it calls the kernel directly.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ShiftSeconds(void) {
  static const char* path;
  static int looked;
  if (!looked) {
    extern char** environ;
    for (char** entry = environ; entry && *entry; ++entry) {
      const char* name = "CLOCK_SHIFT_FILE=";
      const char* e = *entry;
      size_t i = 0;
      while (name[i] && e[i] == name[i]) ++i;
      if (!name[i]) {
        path = e + i;
        break;
      }
    }
    looked = 1;
  }
  if (!path) return 0;
  const int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[32];
  const long n = syscall(SYS_read, fd, text, sizeof text - 1);
  syscall(SYS_close, fd);
  if (n <= 0) return 0;
  long long value = 0;
  int negative = 0;
  long i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  for (; i < n && text[i] >= '0' && text[i] <= '9'; ++i) value = value * 10 + (text[i] - '0');
  return negative ? -value : value;
}

static int IsWallClock(clockid_t clock) {
  return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE;
}

int clock_gettime(clockid_t clock, struct timespec* now) {
  const long result = syscall(SYS_clock_gettime, clock, now);
  if (result == 0 && IsWallClock(clock)) now->tv_sec += ShiftSeconds();
  return (int)result;
}

int gettimeofday(struct timeval* restrict now, void* restrict zone) {
  (void)zone;
  struct timespec spec;
  const int result = clock_gettime(CLOCK_REALTIME, &spec);
  if (result == 0) {
    now->tv_sec = spec.tv_sec;
    now->tv_usec = spec.tv_nsec / 1000;
  }
  return result;
}

time_t time(time_t* out) {
  struct timespec spec;
  if (clock_gettime(CLOCK_REALTIME, &spec) != 0) return (time_t)-1;
  if (out) *out = spec.tv_sec;
  return spec.tv_sec;
}
