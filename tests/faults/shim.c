/*
 * shim.c - I/O fault injection for the tools: a library to LD_PRELOAD
 * that counts the calls a run makes of read, write, open, close, fsync,
 * rename and flock, and makes one of them fail.
 *
 *	RK_FAULT_TRACE=FILE    append a line per call to FILE: "KIND PATH"
 *	RK_FAULT_CALL=KIND     fail a call of this kind: read, write, open,
 *	                       close, fsync, rename or flock
 *	RK_FAULT_PATH=PATH     ... on this file only (as the trace names it)
 *	RK_FAULT_N=N           ... the Nth one (from 1)
 *	RK_FAULT_ERRNO=NAME    ... with this error: ENOSPC, EIO, EINTR,
 *	                       EDQUOT, ENOLCK, EBADF; or SHORT: a write that
 *	                       writes half of what it was given
 *
 * The injected call is traced as "! KIND PATH".  A kind covers the
 * system calls that do it: read is read, pread64, readv and preadv;
 * write is write, pwrite64, writev and pwritev; open is open, openat and
 * creat (mkstemp(3), tmpfile(3) and fopen(3) open underneath); fsync is
 * fsync and fdatasync; rename is rename, renameat and renameat2.  PATH
 * is the file's name (for a descriptor, what /proc/self/fd says), made
 * the same from run to run: the random part of a temporary name
 * (".tmp.XXXXXX") is written ".tmp.*", an unnamed temporary file
 * ("/tmp/#1234 (deleted)") "/tmp/#", a pipe "pipe:".
 *
 * The calls are caught below the C library, so those that stdio makes
 * inside fwrite(3) and fflush(3) are counted too, from every thread: a
 * seccomp filter, installed before main(), turns each such system call
 * into a SIGSYS, whose handler counts it and then makes the call itself
 * (with a mark in an unused argument register that the filter lets
 * through) or fails it.  Only calls made from the C library are counted
 * (a sanitizer runtime's own are not).  A failed close(2) still closes
 * the descriptor, as Linux does.  x86_64 only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#define MARK 0x726b6661756c74ULL /* in the sixth argument: let it through */

enum kind { K_READ, K_WRITE, K_OPEN, K_CLOSE, K_FSYNC, K_RENAME, K_FLOCK,
	K_NONE };
static const char *const kind_name[] = { "read", "write", "open", "close",
	"fsync", "rename", "flock" };

static const struct {
	int nr;
	enum kind kind;
} calls[] = {
	{ SYS_read, K_READ }, { SYS_pread64, K_READ }, { SYS_readv, K_READ },
	{ SYS_preadv, K_READ },
	{ SYS_write, K_WRITE }, { SYS_pwrite64, K_WRITE },
	{ SYS_writev, K_WRITE }, { SYS_pwritev, K_WRITE },
	{ SYS_open, K_OPEN }, { SYS_openat, K_OPEN }, { SYS_creat, K_OPEN },
	{ SYS_close, K_CLOSE },
	{ SYS_fsync, K_FSYNC }, { SYS_fdatasync, K_FSYNC },
	{ SYS_rename, K_RENAME }, { SYS_renameat, K_RENAME },
	{ SYS_renameat2, K_RENAME },
	{ SYS_flock, K_FLOCK },
};
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

static int trace_fd = -1;
static enum kind fault_kind = K_NONE;
static char fault_path[4096];
static long fault_n, fault_errno;
static int fault_short;
static long seen;                  /* calls that matched so far (atomic) */
static uintptr_t libc_lo, libc_hi; /* the C library's code */

static long
raw(long nr, long a, long b, long c, long d, long e)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = (long)MARK;

	__asm__ volatile ("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
	    "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return ret;
}

static size_t
slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Append s to buf (cap bytes, NUL-terminated) at *o. */
static void
put(char *buf, size_t cap, size_t *o, const char *s, size_t n)
{
	while (n-- > 0 && *o + 1 < cap)
		buf[(*o)++] = *s++;
	buf[*o] = '\0';
}

/* The same name from run to run (see the top of the file). */
static void
normalize(char *p)
{
	size_t n = slen(p), i, o;

	if (n >= 10 && strcmp(p + n - 10, " (deleted)") == 0)
		p[n -= 10] = '\0';
	if (n >= 11 && memcmp(p + n - 11, ".tmp.", 5) == 0) {
		memcpy(p + n - 6, "*", 2);
		n -= 5;
	}
	/* digits after '#' (unnamed files) and inside [] (pipes, sockets) */
	for (i = o = 0; i < n; i++) {
		p[o++] = p[i];
		if (p[i] == '#' || p[i] == '[')
			while (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9')
				i++;
	}
	p[o] = '\0';
	if (o >= 7 && memcmp(p, "pipe:[]", 7) == 0)
		p[5] = '\0';
}

/* The name of descriptor fd. */
static void
fd_path(long fd, char *out, size_t cap)
{
	char link[40] = "/proc/self/fd/", digits[24];
	size_t o = 14, d = 0;
	long n;
	unsigned long v = fd < 0 ? 0 : (unsigned long)fd;

	do
		digits[d++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (d)
		link[o++] = digits[--d];
	link[o] = '\0';
	n = raw(SYS_readlink, (long)link, (long)out, (long)cap - 1, 0, 0);
	if (n < 0)
		n = 0;
	out[n] = '\0';
	if (n == 0)
		memcpy(out, "?", 2);
}

/* The name of a path argument: absolute, as the process sees it. */
static void
arg_path(long dirfd, const char *p, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	if (p[0] != '/') {
		if (dirfd == AT_FDCWD) {
			long n = raw(SYS_getcwd, (long)out, (long)cap, 0, 0, 0);

			o = n > 0 ? slen(out) : 0;
		} else {
			fd_path(dirfd, out, cap);
			o = slen(out);
		}
		put(out, cap, &o, "/", 1);
	}
	put(out, cap, &o, p, slen(p));
}

/* The file a call is about. */
static void
call_path(int nr, const long *a, char *out, size_t cap)
{
	switch (nr) {
	case SYS_open:
	case SYS_creat:
	case SYS_rename:
		arg_path(AT_FDCWD, (const char *)a[0], out, cap);
		break;
	case SYS_openat:
	case SYS_renameat:
	case SYS_renameat2:
		arg_path(a[0], (const char *)a[1], out, cap);
		break;
	default:
		fd_path(a[0], out, cap);
	}
	normalize(out);
}

static void
trace(const char *mark, enum kind k, const char *path)
{
	char line[4200];
	size_t o = 0;

	if (trace_fd < 0)
		return;
	put(line, sizeof(line), &o, mark, slen(mark));
	put(line, sizeof(line), &o, kind_name[k], slen(kind_name[k]));
	put(line, sizeof(line), &o, " ", 1);
	put(line, sizeof(line), &o, path, slen(path));
	put(line, sizeof(line), &o, "\n", 1);
	raw(SYS_write, trace_fd, (long)line, (long)o, 0, 0);
}

/* A short write: half of what it was given (at least one byte). */
static long
short_write(int nr, long *a)
{
	if (nr == SYS_write || nr == SYS_pwrite64) {
		if (a[2] > 1)
			a[2] /= 2;
	} else if (a[2] > 1) {
		a[2] = 1; /* writev: the first buffer only */
	} else if (a[2] == 1) {
		struct iovec one = *(const struct iovec *)a[1];

		if (one.iov_len > 1)
			one.iov_len /= 2;
		return raw(nr, a[0], (long)&one, 1, a[3], a[4]);
	}
	return raw(nr, a[0], a[1], a[2], a[3], a[4]);
}

static void
on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	long a[5] = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8] };
	int nr = si->si_syscall;
	uintptr_t from = (uintptr_t)si->si_call_addr;
	enum kind k = K_NONE;
	char path[4096];

	(void)sig;
	for (size_t i = 0; i < NCALLS; i++)
		if (calls[i].nr == nr)
			k = calls[i].kind;
	if (k == K_NONE || from < libc_lo || from >= libc_hi) {
		g[REG_RAX] = raw(nr, a[0], a[1], a[2], a[3], a[4]);
		return;
	}
	call_path(nr, a, path, sizeof(path));
	trace("", k, path);
	if (k == fault_kind && (fault_path[0] == '\0' ||
	    strcmp(path, fault_path) == 0) &&
	    __atomic_add_fetch(&seen, 1, __ATOMIC_SEQ_CST) == fault_n) {
		trace("! ", k, path);
		if (fault_short && k == K_WRITE) {
			g[REG_RAX] = short_write(nr, a);
			return;
		}
		if (k == K_CLOSE)
			raw(nr, a[0], 0, 0, 0, 0);
		g[REG_RAX] = -fault_errno;
		return;
	}
	g[REG_RAX] = raw(nr, a[0], a[1], a[2], a[3], a[4]);
}

/* Where the C library's code is. */
static int
find_libc(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	if (info->dlpi_name == NULL || strstr(info->dlpi_name, "/libc.so") == NULL)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			libc_lo = info->dlpi_addr + ph->p_vaddr;
			libc_hi = libc_lo + ph->p_memsz;
			return 1;
		}
	}
	return 0;
}

static int
errno_of(const char *name)
{
	static const struct {
		const char *name;
		int e;
	} names[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EINTR", EINTR },
		{ "EDQUOT", EDQUOT }, { "ENOLCK", ENOLCK }, { "EBADF", EBADF },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0)
			return names[i].e;
	return 0;
}

static void
die(const char *msg)
{
	raw(SYS_write, 2, (long)"rk-fault: ", 10, 0, 0);
	raw(SYS_write, 2, (long)msg, (long)slen(msg), 0, 0);
	raw(SYS_write, 2, (long)"\n", 1, 0, 0);
	_exit(125);
}

/* The seccomp filter: each call of calls[] without the mark traps. */
static void
install_filter(void)
{
	struct sock_filter f[NCALLS + 12];
	struct sock_fprog prog;
	size_t n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < NCALLS; i++)
		/* a listed call jumps to the mark check after the "allow" */
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)calls[i].nr, (unsigned char)(NCALLS - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, args[5]));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    (uint32_t)MARK, 0, 3);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, args[5]) + 4);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    (uint32_t)(MARK >> 32), 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		die("cannot install the seccomp filter");
}

__attribute__((constructor)) static void
shim_init(void)
{
	const char *t = getenv("RK_FAULT_TRACE"), *c = getenv("RK_FAULT_CALL");
	struct sigaction sa;

	if (c) {
		const char *p = getenv("RK_FAULT_PATH"), *n = getenv("RK_FAULT_N");
		const char *e = getenv("RK_FAULT_ERRNO");

		for (int k = 0; k < K_NONE; k++)
			if (strcmp(c, kind_name[k]) == 0)
				fault_kind = (enum kind)k;
		if (fault_kind == K_NONE)
			die("RK_FAULT_CALL is not read, write, open, close, fsync, "
			    "rename or flock");
		fault_n = n ? strtol(n, NULL, 10) : 1;
		fault_short = e && strcmp(e, "SHORT") == 0;
		fault_errno = e ? errno_of(e) : EIO;
		if (!fault_short && fault_errno == 0)
			die("RK_FAULT_ERRNO is not ENOSPC, EIO, EINTR, EDQUOT, ENOLCK, "
			    "EBADF or SHORT");
		if (p && slen(p) < sizeof(fault_path))
			memcpy(fault_path, p, slen(p) + 1);
	}
	if (t) {
		int fd = open(t, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);

		if (fd < 0 || (trace_fd = fcntl(fd, F_DUPFD_CLOEXEC, 900)) < 0)
			die("cannot open RK_FAULT_TRACE");
		close(fd);
	}
	if (c == NULL && t == NULL)
		return;
	dl_iterate_phdr(find_libc, NULL);
	if (libc_hi == 0)
		die("cannot find the C library");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) != 0)
		die("cannot catch SIGSYS");
	install_filter();
}
