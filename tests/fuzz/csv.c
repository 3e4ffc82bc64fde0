/*
 * csv.c - fuzz target: the CSV reader with the delimiter detected from
 * the header line (returns-formats(5), "CSV"), the fuzzed bytes being
 * the whole input.
 */
#include <unistd.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rk_reader_opts ro = { RK_FMT_CSV, 0, NULL };
	char path[FZ_PATH];
	int fd = fz_memfile(data, size, path);

	fz_read_input(path, &ro);
	close(fd);
	return 0;
}
