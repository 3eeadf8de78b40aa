/* hash.h - the one string hash of the project's hash tables (FNV-1a, 64
 * bits): member names seen in an object (jsonpull), interned strings of
 * the event index (report/evidx).  Not for anything an attacker must not
 * collide; the tables compare the strings or only refuse on a match. */
#ifndef QC_HASH_H
#define QC_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t qc_hash(const char *s, size_t n);

#endif
