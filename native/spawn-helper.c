/*
 * cca-spawn: starts the service's CLI processes so that the server never fork()s itself.
 *
 * Why: libuv forks the whole ~90 MiB server for every child (copying its page tables), about
 * 10 ms of the server's main thread per spawn. This helper is a few hundred KiB and uses
 * posix_spawn (vfork-style): a spawn costs well under a millisecond, off the server's thread.
 *
 * Usage: cca-spawn <unix-socket-path> [grace-ms]   (started by the server; src/cli/helper-spawner.ts)
 *
 * Requests on stdin, one frame each: a 4-byte little-endian length, then NUL-terminated fields:
 *   id, cwd, bin, token, argc, argv[1..argc], envc, env[0..envc)
 * For each request the helper connects to the server's socket three times (the child's stdin,
 * stdout and stderr), writes "<token><0|1|2>\n" on each, and spawns the child in a session of
 * its own (setsid: it leads its process group) with those sockets as fds 0, 1 and 2.
 * Replies on stdout, one line each:
 *   P <id> <pid>              spawned
 *   E <id> <errno> <message>  nothing was spawned
 *   X <pid> <code> <signal>   a child exited (code -1 when killed by a signal; signal 0 otherwise)
 * When stdin ends (the server exited, however it died) the children get grace-ms (default 2000)
 * to finish writing, then SIGTERM to their groups and descendants, then after grace-ms more
 * SIGKILL to what is left; the helper exits: nothing it started outlives the server by more than
 * twice grace-ms.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IN_FD 100
#define OUT_FD 101
#define MAX_FRAME (64u << 20)

static const char *socket_path;
/* The socket as it was at start: a server restarted on the same state dir makes a new one, not ours to remove. */
static struct stat socket_at_start;
static int socket_known;
static pid_t *live;
static size_t live_n, live_cap;

static void die(const char *what) {
  fprintf(stderr, "cca-spawn: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void write_all(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(OUT_FD, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return; /* the server is gone: stdin ends next and the children die then */
    }
    buf += n;
    len -= (size_t)n;
  }
}

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n > sizeof line - 2) n = sizeof line - 2;
  for (int i = 0; i < n; i++)
    if (line[i] == '\n') line[i] = ' ';
  line[n++] = '\n';
  write_all(line, (size_t)n);
}

static void track(pid_t pid) {
  if (live_n == live_cap) {
    live_cap = live_cap ? live_cap * 2 : 64;
    live = realloc(live, live_cap * sizeof *live);
    if (!live) die("realloc");
  }
  live[live_n++] = pid;
}

static void untrack(pid_t pid) {
  for (size_t i = 0; i < live_n; i++)
    if (live[i] == pid) {
      live[i] = live[--live_n];
      return;
    }
}

/* One connected socket to the server, announced by token + channel; -1 with errno set. */
static int channel(const char *token, char which) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  strncpy(addr.sun_path, socket_path, sizeof addr.sun_path - 1);
  while (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    if (errno == EINTR) continue;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  char hello[160];
  int n = snprintf(hello, sizeof hello, "%s%c\n", token, which);
  if (n < 0 || (size_t)n >= sizeof hello || write(fd, hello, (size_t)n) != n) {
    int e = errno ? errno : EIO;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* The program the way execvp finds it, but on the child's PATH (as Node's spawn does). */
static const char *resolve(const char *bin, char **envp, char *buf, size_t cap) {
  if (strchr(bin, '/')) return bin;
  const char *path = "/usr/local/bin:/usr/bin:/bin";
  for (char **e = envp; *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
  const char *p = path;
  while (*p) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > 0 && len + strlen(bin) + 2 <= cap) {
      memcpy(buf, p, len);
      buf[len] = '/';
      strcpy(buf + len + 1, bin);
      if (access(buf, X_OK) == 0) return buf;
    }
    if (!end) break;
    p = end + 1;
  }
  errno = ENOENT;
  return NULL;
}

static void spawn_one(char *payload, size_t len) {
  /* Split the NUL-terminated fields. */
  size_t cap = 16, n = 0;
  char **f = malloc(cap * sizeof *f);
  if (!f) die("malloc");
  for (size_t i = 0; i < len;) {
    if (n == cap) {
      cap *= 2;
      f = realloc(f, cap * sizeof *f);
      if (!f) die("realloc");
    }
    f[n++] = payload + i;
    i += strlen(payload + i) + 1;
  }
  if (n < 6) {
    reply("E %s %d malformed request", n > 0 ? f[0] : "?", EINVAL);
    free(f);
    return;
  }
  const char *id = f[0], *cwd = f[1], *bin = f[2], *token = f[3];
  size_t argc = strtoul(f[4], NULL, 10);
  if (5 + argc >= n) {
    reply("E %s %d malformed request", id, EINVAL);
    free(f);
    return;
  }
  size_t envc = strtoul(f[5 + argc], NULL, 10);
  if (6 + argc + envc != n) {
    reply("E %s %d malformed request", id, EINVAL);
    free(f);
    return;
  }
  char **argv = calloc(argc + 2, sizeof *argv);
  char **envp = calloc(envc + 1, sizeof *envp);
  if (!argv || !envp) die("calloc");
  argv[0] = (char *)bin;
  for (size_t i = 0; i < argc; i++) argv[i + 1] = f[5 + i];
  for (size_t i = 0; i < envc; i++) envp[i] = f[6 + argc + i];

  int fds[3] = {-1, -1, -1};
  char where[4096];
  const char *file = resolve(bin, envp, where, sizeof where);
  int err = 0;
  const char *stage = "spawn";
  if (!file) {
    err = errno;
  } else {
    for (int i = 0; i < 3 && !err; i++) {
      fds[i] = channel(token, (char)('0' + i));
      if (fds[i] < 0) err = errno, stage = "connect";
    }
  }
  pid_t pid = -1;
  if (!err) {
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    for (int i = 0; i < 3; i++) posix_spawn_file_actions_adddup2(&fa, fds[i], i);
    posix_spawn_file_actions_addchdir_np(&fa, cwd);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &all);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    err = posix_spawn(&pid, file, &fa, &at, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
  }
  for (int i = 0; i < 3; i++)
    if (fds[i] >= 0) close(fds[i]);
  if (err) {
    reply("E %s %d %s %s: %s", id, err, stage, bin, strerror(err));
  } else {
    track(pid);
    reply("P %s %d", id, (int)pid);
  }
  free(argv);
  free(envp);
  free(f);
}

static void reap(void) {
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, WNOHANG);
    if (pid <= 0) return;
    untrack(pid);
    if (WIFEXITED(st)) reply("X %d %d 0", (int)pid, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) reply("X %d -1 %d", (int)pid, WTERMSIG(st));
  }
}

/* Parent of a process from /proc/<pid>/stat, or -1. */
static pid_t parent_of(pid_t pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  char *end = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
  int ppid;
  if (!end || sscanf(end + 2, "%*c %d", &ppid) != 1) return -1;
  return (pid_t)ppid;
}

/* Every descendant of every live child, found by parent pid while the tree is still whole (so
   one that left the group with setsid is found too). */
static size_t descendants(pid_t **out) {
  pid_t *found = NULL;
  size_t n = 0, cap = 0;
  DIR *d = opendir("/proc");
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (!isdigit((unsigned char)e->d_name[0])) continue;
    pid_t pid = (pid_t)atoi(e->d_name);
    for (pid_t p = parent_of(pid), hops = 0; p > 1 && hops < 64; p = parent_of(p), hops++) {
      int ours = 0;
      for (size_t i = 0; i < live_n; i++) ours |= live[i] == p;
      if (!ours) continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 64;
        pid_t *grown = realloc(found, cap * sizeof *grown);
        if (!grown) break;
        found = grown;
      }
      if (n < cap) found[n++] = pid;
      break;
    }
  }
  if (d) closedir(d);
  *out = found;
  return n;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reaps children as they exit, for up to ms or until none is left. */
static void reap_for(int sfd, int ms) {
  long long deadline = now_ms() + ms;
  struct pollfd pfd = {.fd = sfd, .events = POLLIN};
  while (live_n > 0) {
    long long left = deadline - now_ms();
    if (left <= 0) return;
    if (poll(&pfd, 1, (int)left) > 0) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == sizeof si) {
      }
    }
    reap();
  }
}

/* Ends everything it started. First grace_ms untouched: a CLI writes out the transcript of the turn
   it just answered after its result line, and a server that died right after a reply must not cost
   the conversation that turn (a turn still running has lost its gateway with the server anyway).
   Then SIGTERM to each child's group and to its descendants, up to grace_ms more, and SIGKILL to
   whatever is left. */
static void end_all(int sfd, int grace_ms) {
  reap_for(sfd, grace_ms);
  pid_t *doomed;
  size_t nd = descendants(&doomed);
  size_t ng = live_n;
  pid_t *groups = malloc((ng ? ng : 1) * sizeof *groups);
  if (groups) memcpy(groups, live, ng * sizeof *groups);
  else ng = 0;
  for (size_t i = 0; i < ng; i++) kill(-groups[i], SIGTERM);
  for (size_t i = 0; i < nd; i++) kill(doomed[i], SIGTERM);
  reap_for(sfd, grace_ms);
  for (size_t i = 0; i < nd; i++) kill(doomed[i], SIGKILL);
  for (size_t i = 0; i < ng; i++) {
    kill(-groups[i], SIGKILL);
    kill(groups[i], SIGKILL);
  }
  free(groups);
  free(doomed);
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: cca-spawn <unix-socket-path> [grace-ms]\n");
    return 2;
  }
  int grace_ms = argc == 3 ? atoi(argv[2]) : 2000;
  if (grace_ms < 0) grace_ms = 0;
  socket_path = argv[1];
  if (strlen(socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
    fprintf(stderr, "cca-spawn: socket path too long\n");
    return 2;
  }
  socket_known = lstat(socket_path, &socket_at_start) == 0;
  /* The requests and replies move out of the way; 0 and 1 become /dev/null so that no socket
     made later lands on them (each child gets its own 0, 1 and 2). */
  if (fcntl(0, F_DUPFD_CLOEXEC, IN_FD) != IN_FD || fcntl(1, F_DUPFD_CLOEXEC, OUT_FD) != OUT_FD) die("fcntl");
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0) die("/dev/null");
  if (null > 2) close(null);
  /* Only the end of stdin (or SIGKILL) ends the helper: a terminal's Ctrl-C is the server's to handle. */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigaddset(&chld, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) die("sigprocmask");
  int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) die("signalfd");

  size_t cap = 1 << 16, have = 0;
  char *buf = malloc(cap);
  if (!buf) die("malloc");
  struct pollfd pfd[2] = {{.fd = IN_FD, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
  for (;;) {
    if (poll(pfd, 2, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (pfd[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      int term = 0;
      while (read(sfd, &si, sizeof si) == sizeof si)
        if (si.ssi_signo == SIGTERM) term = 1;
      reap();
      if (term) break;
    }
    if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (cap - have < 4096) {
        cap *= 2;
        buf = realloc(buf, cap);
        if (!buf) die("realloc");
      }
      ssize_t r = read(IN_FD, buf + have, cap - have);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break; /* the server is gone */
      have += (size_t)r;
      size_t off = 0;
      while (have - off >= 4) {
        uint32_t len = (uint32_t)(unsigned char)buf[off] | (uint32_t)(unsigned char)buf[off + 1] << 8 |
                       (uint32_t)(unsigned char)buf[off + 2] << 16 | (uint32_t)(unsigned char)buf[off + 3] << 24;
        if (len > MAX_FRAME) {
          fprintf(stderr, "cca-spawn: frame of %u bytes refused\n", len);
          end_all(sfd, 0);
          return 2;
        }
        if (have - off - 4 < len) {
          if (len + 4 > cap) {
            cap = len + 4 + 4096;
            buf = realloc(buf, cap);
            if (!buf) die("realloc");
          }
          break;
        }
        spawn_one(buf + off + 4, len);
        off += 4 + len;
      }
      memmove(buf, buf + off, have - off);
      have -= off;
    }
  }
  end_all(sfd, grace_ms);
  /* The server may have died without cleaning up: its socket and the private dir holding it go too
     (unless a new server already replaced them). */
  struct stat now;
  if (socket_known && lstat(socket_path, &now) == 0 && now.st_ino == socket_at_start.st_ino && now.st_dev == socket_at_start.st_dev &&
      now.st_ctim.tv_sec == socket_at_start.st_ctim.tv_sec && now.st_ctim.tv_nsec == socket_at_start.st_ctim.tv_nsec &&
      unlink(socket_path) == 0) {
    char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
    strncpy(dir, socket_path, sizeof dir - 1);
    dir[sizeof dir - 1] = 0;
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
      *slash = 0;
      rmdir(dir);
    }
  }
  return 0;
}
