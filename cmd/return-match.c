/*
 * return-match - not implemented yet: its issue has not landed.
 * It answers every invocation with exit status 64.
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("return-match (returnkit) %s\n", RK_VERSION);
		return 0;
	}
	fprintf(stderr, "return-match: not implemented yet\n");
	return 64;
}
