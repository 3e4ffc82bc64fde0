/*
 * floor - the benchmark floor: a bare libcsv parse of the same files that
 * only counts fields and records.  It configures libcsv as our reader
 * does (strict RFC 4180, spaces kept as data) so the ratio measures what
 * returnkit adds beyond parsing.  With -d it uses libcsv's defaults
 * (spaces trimmed, not strict) instead, for reference.
 *
 *   floor [-d] FILE...
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long long nfields, nrecords;

static void
field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	nfields++;
}

static void
record(int c, void *data)
{
	(void)c;
	(void)data;
	nrecords++;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 18];
	int defaults = argc > 1 && strcmp(argv[1], "-d") == 0;

	for (int i = 1 + defaults; i < argc; i++) {
		struct csv_parser p;
		int fd = open(argv[i], O_RDONLY);
		ssize_t n;

		if (fd < 0) {
			perror(argv[i]);
			return 66;
		}
		csv_init(&p, defaults ? 0 : CSV_STRICT | CSV_STRICT_FINI);
		if (!defaults)
			csv_set_space_func(&p, no_space);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (csv_parse(&p, buf, (size_t)n, field, record, NULL) !=
			    (size_t)n) {
				fprintf(stderr, "%s: %s\n", argv[i],
				    csv_strerror(csv_error(&p)));
				return 65;
			}
		csv_fini(&p, field, record, NULL);
		csv_free(&p);
		close(fd);
	}
	printf("%llu fields, %llu records\n", nfields, nrecords);
	return 0;
}
