/*
 * csv_delim.c - fuzz target: the CSV reader with a forced delimiter
 * (--delimiter).  The first byte is the delimiter, when --delimiter
 * would take it (one ASCII character other than a quote or a line end;
 * else ','); the rest is the input.
 */
#include <unistd.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rk_reader_opts ro = { RK_FMT_CSV, ',', NULL };
	char path[FZ_PATH];
	int fd;

	if (size == 0)
		return 0;
	if (data[0] != 0 && data[0] < 0x80 && data[0] != '"' &&
	    data[0] != '\r' && data[0] != '\n')
		ro.delim = (char)data[0];
	fd = fz_memfile(data + 1, size - 1, path);
	fz_read_input(path, &ro);
	close(fd);
	return 0;
}
