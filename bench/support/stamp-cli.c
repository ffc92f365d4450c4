/*
 * The stream-relay scenario's pass-through wrapper around the real `claude` CLI, in C: the same
 * contract as stamp-cli.mjs (its fallback when no C compiler is at hand), without a second Node
 * process (~20% of a core during a burst, on a 2-core machine) competing with the server it times.
 *
 * Runs CLAUDE_BENCH_REAL_BIN with the same argv, environment and working directory; stdin and
 * stderr are the CLI's own (inherited); stdout goes through this process: each chunk is stamped
 * with CLOCK_MONOTONIC and written on at once, before anything else is done with it. When the
 * CLI is done, every `stream_event` line goes to CLAUDE_BENCH_STAMP_DIR/<pid>.stamps as
 * `<stamp-ns> <uuid>`, with the stamp of the chunk that completed it. Signals sent to this
 * process alone are passed on; the exit code (or signal) is the CLI's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What is kept of the CLI's output for the stamps (a burst turn is well under 1 MiB). */
#define MAX_KEPT (64u << 20)
#define MAX_CHUNKS (1u << 20)

static pid_t child = -1;

static void forward(int sig) {
  if (child > 0) kill(child, sig);
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int main(int argc, char **argv) {
  (void)argc;
  const char *real = getenv("CLAUDE_BENCH_REAL_BIN");
  const char *dir = getenv("CLAUDE_BENCH_STAMP_DIR");
  if (!real || !dir) {
    fprintf(stderr, "stamp-cli: CLAUDE_BENCH_REAL_BIN and CLAUDE_BENCH_STAMP_DIR must be set\n");
    return 127;
  }
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    perror("stamp-cli: pipe");
    return 127;
  }
  child = fork();
  if (child < 0) {
    perror("stamp-cli: fork");
    return 127;
  }
  if (child == 0) {
    if (dup2(p[1], 1) < 0) _exit(127);
    argv[0] = (char *)real;
    execv(real, argv);
    fprintf(stderr, "stamp-cli: %s: %s\n", real, strerror(errno));
    _exit(127);
  }
  close(p[1]);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = forward;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN); /* a server gone away: keep draining the CLI */

  char *kept = malloc(MAX_KEPT);
  uint64_t *stamp = malloc(sizeof(uint64_t) * MAX_CHUNKS);
  size_t *end = malloc(sizeof(size_t) * MAX_CHUNKS);
  if (!kept || !stamp || !end) return 127;
  size_t used = 0, chunks = 0;
  static char buf[1 << 16];
  for (;;) {
    ssize_t n = read(p[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    write_all(1, buf, (size_t)n);
    /* Only during the turn: the copy and the stamp; the lines are read after the CLI has exited. */
    if (used + (size_t)n <= MAX_KEPT && chunks < MAX_CHUNKS) {
      memcpy(kept + used, buf, (size_t)n);
      used += (size_t)n;
      stamp[chunks] = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
      end[chunks++] = used;
    }
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }

  char path[4096];
  snprintf(path, sizeof path, "%s/%d.stamps", dir, (int)getpid());
  FILE *out = fopen(path, "w");
  if (!out) {
    fprintf(stderr, "stamp-cli: cannot write stamps: %s\n", strerror(errno));
  } else {
    static const char prefix[] = "{\"type\":\"stream_event\"";
    static const char key[] = "\"uuid\":\"";
    size_t line = 0, c = 0;
    for (size_t i = 0; i < used; i++) {
      if (kept[i] != '\n') continue;
      while (c < chunks && end[c] <= i) c++; /* the chunk that holds this newline */
      size_t len = i - line;
      const char *l = kept + line;
      if (len >= sizeof prefix - 1 && memcmp(l, prefix, sizeof prefix - 1) == 0) {
        const char *u = memmem(l, len, key, sizeof key - 1);
        if (u && (size_t)(u - l) + (sizeof key - 1) + 36 <= len) {
          fprintf(out, "%llu %.36s\n", (unsigned long long)stamp[c], u + sizeof key - 1);
        }
      }
      line = i + 1;
    }
    fclose(out);
  }
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
