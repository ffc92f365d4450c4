// cca-bridge: the gateway bridge inside a sandbox (src/sandbox/bwrap-argv.ts).
//
//   cca-bridge PORT SOCKET -- COMMAND [ARG...]
//
// The sandbox's network namespace has only loopback; the gateway is a Unix socket bound in.
// This listens on 127.0.0.1:PORT, forks a relay that joins every connection to SOCKET, and
// execs COMMAND (the CLI) in its own place: the command starts only once the port listens, with
// no shell and no polling. One process relays every connection (socat forks one per
// connection, and needs a wait loop before the CLI may start). Exits 125 if it cannot listen.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUF_BYTES (64 * 1024)
// A sandbox opening more connections than this at once has them refused (each holds 2 buffers).
#define MAX_CONNS 256

struct half {
  int from, to;
  size_t len, off;
  int eof;  // `from` has ended: `to` is shut for writing once the buffer is empty
  int shut;
  char buf[BUF_BYTES];
};

struct conn {
  int tcp, unx;
  unsigned mask[2];  // the events each socket is watched for now (tcp, unx)
  struct half up;    // tcp -> unx (requests)
  struct half down;  // unx -> tcp (replies)
};

// epoll data: the connection, and which of its two sockets (0 tcp, 1 unx); the listener is NULL.
struct end {
  struct conn *c;
  int which;
};

static int epfd;
static int conns;
static const char *sock_path;

static void die(const char *what) {
  fprintf(stderr, "sandbox: the gateway bridge did not start: %s: %s\n", what, strerror(errno));
  _exit(125);
}

static void drop(struct conn *c, struct end *ends) {
  close(c->tcp);  // closing removes each from the epoll set
  close(c->unx);
  free(ends);
  free(c);
  conns--;
}

// Moves what it can of one direction; returns -1 when the connection is broken.
static int pump(struct half *h) {
  for (;;) {
    if (h->len == 0 && !h->eof) {
      ssize_t n = recv(h->from, h->buf, BUF_BYTES, 0);
      if (n > 0) {
        h->len = (size_t)n;
        h->off = 0;
      } else if (n == 0) {
        h->eof = 1;
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      } else if (errno != EINTR) {
        return -1;
      }
    }
    if (h->len > 0) {
      ssize_t w = send(h->to, h->buf + h->off, h->len - h->off, MSG_NOSIGNAL);
      if (w > 0) {
        h->off += (size_t)w;
        if (h->off == h->len) h->len = 0;
        continue;
      }
      if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (w < 0 && errno == EINTR) continue;
      return -1;
    }
    break;
  }
  if (h->eof && h->len == 0 && !h->shut) {
    shutdown(h->to, SHUT_WR);
    h->shut = 1;
  }
  return 0;
}

#define UNWATCHED 0xffffffffu

// Level-triggered interest: read a side while its outgoing buffer is empty, write while data waits.
// A socket read to its end and shut for writing leaves the set: its hang-up, which epoll reports
// whatever the mask, would otherwise wake the loop until the other side drains.
static void watch(struct conn *c, struct end *ends) {
  unsigned want[2] = {
      (c->up.len == 0 && !c->up.eof ? EPOLLIN : 0) | (c->down.len > 0 ? EPOLLOUT : 0),
      (c->down.len == 0 && !c->down.eof ? EPOLLIN : 0) | (c->up.len > 0 ? EPOLLOUT : 0),
  };
  int finished[2] = {c->up.eof && c->down.shut, c->down.eof && c->up.shut};
  int fds[2] = {c->tcp, c->unx};
  for (int k = 0; k < 2; k++) {
    if (c->mask[k] == UNWATCHED) continue;
    if (finished[k]) {
      epoll_ctl(epfd, EPOLL_CTL_DEL, fds[k], NULL);
      c->mask[k] = UNWATCHED;
      continue;
    }
    if (want[k] == c->mask[k]) continue;
    struct epoll_event ev = {.events = want[k], .data.ptr = &ends[k]};
    epoll_ctl(epfd, EPOLL_CTL_MOD, fds[k], &ev);
    c->mask[k] = want[k];
  }
}

static void accept_all(int lfd) {
  for (;;) {
    int tcp = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (tcp < 0) return;  // EAGAIN, or out of fds: the rest wait in the backlog
    if (conns >= MAX_CONNS) {
      close(tcp);
      continue;
    }
    int one = 1;
    // With Nagle on, each small SSE chunk after the first waits for the CLI's delayed ACK (40 ms).
    setsockopt(tcp, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int unx = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, sock_path, sizeof a.sun_path - 1);
    // A Unix socket connects at once or fails (EAGAIN: the gateway's backlog is full), never
    // blocking the relay's other connections.
    if (unx < 0 || connect(unx, (struct sockaddr *)&a, sizeof a) < 0) {
      if (unx >= 0) close(unx);
      close(tcp);  // the CLI sees its connection reset and retries as it would the API
      continue;
    }
    struct conn *c = malloc(sizeof *c);
    struct end *ends = malloc(2 * sizeof *ends);
    if (!c || !ends) {
      free(c);
      free(ends);
      close(tcp);
      close(unx);
      continue;
    }
    c->tcp = tcp;
    c->unx = unx;
    c->mask[0] = c->mask[1] = EPOLLIN;
    c->up = (struct half){.from = tcp, .to = unx};
    c->down = (struct half){.from = unx, .to = tcp};
    ends[0] = (struct end){c, 0};
    ends[1] = (struct end){c, 1};
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &ends[0]};
    epoll_ctl(epfd, EPOLL_CTL_ADD, tcp, &ev);
    ev.data.ptr = &ends[1];
    epoll_ctl(epfd, EPOLL_CTL_ADD, unx, &ev);
    conns++;
  }
}

static void relay(int lfd) {
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) _exit(1);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
  struct epoll_event events[64];
  for (;;) {
    int n = epoll_wait(epfd, events, 64, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(1);
    }
    // A connection dropped in this batch may appear again later in it: its entries are skipped.
    static struct end dead = {NULL, 0};
    for (int i = 0; i < n; i++) {
      struct end *e = events[i].data.ptr;
      if (!e) {
        accept_all(lfd);
        continue;
      }
      struct conn *c = e->c;
      if (!c) continue;
      unsigned got = events[i].events;
      // Readable: the direction out of this socket; writable: the one into it; hang-up or error: both.
      struct half *out = e->which == 0 ? &c->up : &c->down;
      struct half *in = e->which == 0 ? &c->down : &c->up;
      int broken = 0;
      if (got & (EPOLLIN | EPOLLHUP | EPOLLERR)) broken |= pump(out) < 0;
      if (!broken && (got & (EPOLLOUT | EPOLLHUP | EPOLLERR))) broken |= pump(in) < 0;
      if (broken || (c->up.shut && c->down.shut)) {
        struct end *ends = e - e->which;
        for (int j = i + 1; j < n; j++) {
          struct end *later = events[j].data.ptr;
          if (later && later->c == c) events[j].data.ptr = &dead;
        }
        drop(c, ends);
        continue;
      }
      watch(c, e - e->which);
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 5 || strcmp(argv[3], "--") != 0) {
    fprintf(stderr, "usage: cca-bridge PORT SOCKET -- COMMAND [ARG...]\n");
    return 2;
  }
  int port = atoi(argv[1]);
  sock_path = argv[2];
  if (port <= 0 || port > 65535 || strlen(sock_path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
    fprintf(stderr, "cca-bridge: bad port or socket path\n");
    return 2;
  }
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (lfd < 0) die("socket");
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(lfd, 128) < 0) die("listen");
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    // Ends with the command even outside a PID namespace (in one, the kernel ends it anyway).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
    // The relay: nothing of the CLI's stdio (its pipes to the server) is held open by it.
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    signal(SIGPIPE, SIG_IGN);
    relay(lfd);
    _exit(0);
  }
  // The command: the listener is close-on-exec, so the CLI holds nothing of the bridge.
  execvp(argv[4], argv + 4);
  fprintf(stderr, "sandbox: could not run %s: %s\n", argv[4], strerror(errno));
  return 127;
}
