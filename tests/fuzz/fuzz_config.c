/* fuzz_config.c - libFuzzer target for the aws shared-file parser and the
 * credential_process command splitter. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/aws/config.h"
#include "collector/aws/credentials.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qc_err err;
    qc_err_clear(&err);
    qc_ini *ini = qc_ini_parse("config", (const char *)data, size, &err);
    if (ini) {
        qc_ini_get(ini, "default", "region");
        qc_ini_get(ini, "profile dev", "s3.max_attempts");
        qc_ini_free(ini);
    }
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char **argv = qc_creds_split_command(s);
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
    free(s);
    return 0;
}
