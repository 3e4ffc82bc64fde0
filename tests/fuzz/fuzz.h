/*
 * fuzz.h - what the fuzz targets of tests/fuzz/ share: the fuzzed bytes
 * as a file the library can open, standard output and error caught in
 * memory around a call into the library, and the checks every target
 * makes of what the library hands back.
 *
 * Each target is one file tests/fuzz/NAME.c defining
 * LLVMFuzzerTestOneInput().  It is linked either with libFuzzer (make
 * fuzz) or with replay.c, a main that runs every file of the target's
 * corpus once (make check).  A broken property is a crash: fz_fail()
 * prints what broke and aborts, so libFuzzer keeps the input.
 *
 *	char path[FZ_PATH];
 *	int fd = fz_memfile(data, size, path);   the bytes as a file
 *	struct fz_capture cap;
 *	fz_capture_begin(&cap);                  stdout and stderr in memory
 *	... call the library, which may print on either ...
 *	fz_capture_end(&cap);                    cap.out, cap.err hold them
 *	fz_check_message("PROG", cap.err, cap.nerr);   "PROG: text" lines
 *	fz_capture_free(&cap);
 *	close(fd);
 *
 * RK_FUZZ_VERBOSE=1 in the environment copies what the library printed
 * on standard error to the real one, to see why an input was refused.
 */
#ifndef FZ_FUZZ_H
#define FZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rk/diag.h"
#include "rk/reader.h"

#define FZ_PATH 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print "fuzz: message" on the real standard error and abort. */
void fz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * An anonymous in-memory file holding data[0..n), and its name for
 * open(2) in path ("/proc/self/fd/N"): the descriptor, to close when
 * done.  Aborts when the file cannot be made.
 */
int fz_memfile(const void *data, size_t n, char path[FZ_PATH]);
/* What an in-memory file (or any file) holds now, NUL-terminated. */
char *fz_slurp_fd(int fd, size_t *n);
/* A whole file by path, NUL-terminated; NULL when it does not exist. */
char *fz_slurp(const char *path, size_t *n);
/* Write a whole file (created or emptied); aborts on failure. */
void fz_spew(const char *path, const void *p, size_t n);

/* Standard output and error (the stdio streams) caught in memory. */
struct fz_capture {
	FILE *saved_out, *saved_err;
	FILE *out_fp, *err_fp;
	int out_fd, err_fd;
	char *out, *err;     /* after fz_capture_end, NUL-terminated */
	size_t nout, nerr;
};
void fz_capture_begin(struct fz_capture *c);
void fz_capture_end(struct fz_capture *c);
void fz_capture_free(struct fz_capture *c);

/*
 * Messages for a person (rk_err, or what a tool printed on standard
 * error) never carry a control character of the input: no byte below
 * 0x20 but the line ends, no DEL, no C1 control as UTF-8 (U+0080 to
 * U+009F), and each line starts with "PROG: ".  prog may be NULL (one
 * message, no prefix).
 */
void fz_check_message(const char *prog, const char *p, size_t n);
/* An rk_err filled by a failing call: a status of returns-formats(5)
 * and a message as above. */
void fz_check_err(const struct rk_err *err);

/*
 * Output validity: CSV text that parses back (libcsv, strict) with the
 * same number of fields in every record; JSON Lines with an object on
 * each line, or one JSON array of objects (jansson).  what names the
 * output in a failure.
 */
void fz_check_csv(const char *what, const char *p, size_t n, char delim);
void fz_check_jsonl(const char *what, const char *p, size_t n);
void fz_check_json(const char *what, const char *p, size_t n);

/* 1 when p[0..n) is printable ASCII. */
int fz_printable(const char *p, size_t n);

/*
 * Read a whole input with the reader, checking every row it hands out:
 * no more values than columns, lines in order, the extra fields of a CSV
 * record counted right, a row said clean printable ASCII; an error must
 * be a data error (65) with a message as above.  Returns a sum of the
 * bytes read, so that no read is optimised away.
 */
unsigned fz_read_input(const char *path, const struct rk_reader_opts *ro);

#endif
