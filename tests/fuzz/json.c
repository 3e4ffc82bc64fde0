/*
 * json.c - fuzz target: the JSON Lines and JSON array reader
 * (returns-formats(5), "JSON input").  The first byte says how the input
 * is read: its value modulo 3 is detection (-i auto), JSON Lines (-i
 * jsonl) or one array (-i json); the rest is the input.
 */
#include <unistd.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum rk_fmt fmts[] = { RK_FMT_AUTO, RK_FMT_JSONL,
		RK_FMT_JSON };
	struct rk_reader_opts ro = { RK_FMT_AUTO, 0, NULL };
	char path[FZ_PATH];
	int fd;

	if (size == 0)
		return 0;
	ro.fmt = fmts[data[0] % 3];
	fd = fz_memfile(data + 1, size - 1, path);
	fz_read_input(path, &ro);
	close(fd);
	return 0;
}
