/*
 * unit_ubl.c - the characters a UBL credit note can carry (credit-emit(1),
 * UBL): the Char production of XML 1.0, read from UTF-8.  Everything else
 * a value holds libxml2 escapes; these it cannot, so credit-emit refuses
 * them before it writes a document.
 */
#include <stdint.h>
#include <string.h>

#include "credit/ubl.h"

#include "tap.h"

struct char_case {
	const char *name;
	const char *in;
	size_t n;             /* 0: strlen(in) */
	int ok;
	uint32_t bad;         /* when not ok: the character (or byte) named */
};

static const struct char_case cases[] = {
	{ "plain ASCII", "Fjäll & Co <AB> \"x\" 'y'", 0, 1, 0 },
	{ "empty", "", 0, 1, 0 },
	{ "TAB, LF and CR", "a\tb\nc\rd", 0, 1, 0 },
	{ "U+0001", "a\001b", 0, 0, 0x1 },
	{ "U+001F", "\037", 0, 0, 0x1f },
	{ "NUL inside", "a\0b", 3, 0, 0x0 },
	{ "U+007F and U+0085: discouraged, but characters", "\177\302\205",
	    0, 1, 0 },
	{ "U+D7FF, the last before the surrogates", "\355\237\277", 0, 1, 0 },
	{ "U+E000, the first after them", "\356\200\200", 0, 1, 0 },
	{ "U+FFFD", "\357\277\275", 0, 1, 0 },
	{ "U+FFFE", "x\357\277\276", 0, 0, 0xfffe },
	{ "U+FFFF", "\357\277\277", 0, 0, 0xffff },
	{ "U+10000", "\360\220\200\200", 0, 1, 0 },
	{ "U+1F525, an emoji", "\360\237\224\245", 0, 1, 0 },
	{ "U+10FFFF", "\364\217\277\277", 0, 1, 0 },
	{ "Japanese", "山田アウトドア株式会社", 0, 1, 0 },
	{ "a lead byte cut off", "ab\303", 0, 0, 0xc3 },
	{ "a bad continuation byte", "\303A", 0, 0, 0xc3 },
	{ "a lone continuation byte", "\200", 0, 0, 0x80 },
	{ "a byte no UTF-8 has", "\377", 0, 0, 0xff },
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct char_case *c = &cases[i];
		uint32_t bad = 0;
		int got = ubl_xml_chars(c->in, c->n ? c->n : strlen(c->in), &bad);

		is_int(got, c->ok, "%s: %s", c->name, c->ok ? "carried" :
		    "refused");
		if (!c->ok)
			is_int(bad, c->bad, "%s: U+%04X named", c->name,
			    (unsigned)c->bad);
	}
	return done_testing();
}
