/* logfind.c - where the next throttling line may be; see logfind.h. */
#include "logfind.h"

#include <string.h>

/* glibc's memchr is vectorised; on log lines (~100 bytes) this loop beats
 * a word-at-a-time count. */
uint64_t qc_logfind_count_nl(const char *p, size_t n)
{
    uint64_t c = 0;
    const char *e = p + n;
    while ((p = memchr(p, '\n', (size_t)(e - p)))) {
        c++;
        p++;
    }
    return c;
}

/* Every Bedrock throttling record carries one of these strings.  They are
 * found in one pass: a position is a candidate when its byte and the byte at
 * a fixed later offset both match some needle (SSE2 compares 16 positions at
 * a time), and a candidate is then checked with memcmp. */

static const struct needle {
    const char *s;
    size_t len;
    size_t off; /* offset of the second anchor byte */
} S_needles[] = {
    {"ThrottlingException", 19, 11},           /* 'x' */
    {"Too many ", 9, 7},                       /* 'y' */
    {"ServiceUnavailableException", 27, 7},    /* 'U' */
    {"ServiceQuotaExceededException", 29, 7},  /* 'Q' */
};
#define S_NNEEDLES (sizeof S_needles / sizeof *S_needles)
#define S_MAXOFF 11

static int S_match_at(const char *d, size_t pos, size_t limit)
{
    for (size_t k = 0; k < S_NNEEDLES; k++)
        if (d[pos] == S_needles[k].s[0] && pos + S_needles[k].len <= limit &&
            !memcmp(d + pos, S_needles[k].s, S_needles[k].len))
            return 1;
    return 0;
}

/* Each search also counts the newlines it passes (in *nl, from `from` up to
 * the returned position), so the data is read once for both jobs. */
static size_t S_tail(const char *d, size_t i, size_t limit, uint64_t *nl)
{
    for (; i < limit; i++) {
        if (S_match_at(d, i, limit))
            return i;
        *nl += d[i] == '\n';
    }
    return limit;
}

#if defined(__SSE2__)
#include <immintrin.h>

/* Checks one block's candidate bits; on a hit, counts the newlines before it. */
static int S_block(const char *d, size_t i, size_t limit, unsigned mask, unsigned lines,
                   uint64_t *nl, size_t *pos)
{
    while (mask) {
        unsigned j = (unsigned)__builtin_ctz(mask);
        if (S_match_at(d, i + j, limit)) {
            *nl += (uint64_t)__builtin_popcount(lines & ((1u << j) - 1));
            *pos = i + j;
            return 1;
        }
        mask &= mask - 1;
    }
    *nl += (uint64_t)__builtin_popcount(lines);
    return 0;
}

__attribute__((target("avx2"))) static size_t S_next_hit_avx2(const char *d, size_t from,
                                                               size_t limit, uint64_t *nl)
{
    const __m256i T = _mm256_set1_epi8('T'), S = _mm256_set1_epi8('S'),
                  x = _mm256_set1_epi8('x'), y = _mm256_set1_epi8('y'),
                  U = _mm256_set1_epi8('U'), Q = _mm256_set1_epi8('Q'),
                  NL = _mm256_set1_epi8('\n');
    size_t i = from;
    for (; i + 32 + S_MAXOFF <= limit; i += 32) {
        __m256i b0 = _mm256_loadu_si256((const __m256i *)(d + i));
        __m256i b7 = _mm256_loadu_si256((const __m256i *)(d + i + 7));
        __m256i b11 = _mm256_loadu_si256((const __m256i *)(d + i + 11));
        unsigned lines = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b0, NL));
        __m256i t = _mm256_and_si256(_mm256_cmpeq_epi8(b0, T),
                                     _mm256_or_si256(_mm256_cmpeq_epi8(b11, x),
                                                     _mm256_cmpeq_epi8(b7, y)));
        __m256i sv = _mm256_and_si256(_mm256_cmpeq_epi8(b0, S),
                                      _mm256_or_si256(_mm256_cmpeq_epi8(b7, U),
                                                      _mm256_cmpeq_epi8(b7, Q)));
        unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(t, sv));
        size_t pos;
        if (S_block(d, i, limit, mask, lines, nl, &pos))
            return pos;
    }
    return S_tail(d, i, limit, nl);
}

static size_t S_next_hit_sse2(const char *d, size_t from, size_t limit, uint64_t *nl)
{
    const __m128i T = _mm_set1_epi8('T'), S = _mm_set1_epi8('S'), x = _mm_set1_epi8('x'),
                  y = _mm_set1_epi8('y'), U = _mm_set1_epi8('U'), Q = _mm_set1_epi8('Q'),
                  NL = _mm_set1_epi8('\n');
    size_t i = from;
    for (; i + 16 + S_MAXOFF <= limit; i += 16) {
        __m128i b0 = _mm_loadu_si128((const __m128i *)(d + i));
        __m128i b7 = _mm_loadu_si128((const __m128i *)(d + i + 7));
        __m128i b11 = _mm_loadu_si128((const __m128i *)(d + i + 11));
        unsigned lines = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b0, NL));
        __m128i t = _mm_and_si128(_mm_cmpeq_epi8(b0, T),
                                  _mm_or_si128(_mm_cmpeq_epi8(b11, x), _mm_cmpeq_epi8(b7, y)));
        __m128i sv = _mm_and_si128(_mm_cmpeq_epi8(b0, S),
                                   _mm_or_si128(_mm_cmpeq_epi8(b7, U), _mm_cmpeq_epi8(b7, Q)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(t, sv));
        size_t pos;
        if (S_block(d, i, limit, mask, lines, nl, &pos))
            return pos;
    }
    return S_tail(d, i, limit, nl);
}

size_t qc_logfind_next(const char *d, size_t from, size_t limit, uint64_t *nl)
{
    return __builtin_cpu_supports("avx2") ? S_next_hit_avx2(d, from, limit, nl)
                                          : S_next_hit_sse2(d, from, limit, nl);
}
#else
size_t qc_logfind_next(const char *d, size_t from, size_t limit, uint64_t *nl)
{
    size_t best = limit;
    for (size_t k = 0; k < S_NNEEDLES; k++) {
        const char *p = memmem(d + from, best - from, S_needles[k].s, S_needles[k].len);
        if (p)
            best = (size_t)(p - d);
    }
    *nl += qc_logfind_count_nl(d + from, best - from);
    return best;
}
#endif
