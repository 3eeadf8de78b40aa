/* exits.c - what each exit code means, as data.
 *
 * The codes are in cli/cli.h; this table gives each its sentence for the
 * manual page (EXIT STATUS), so the page cannot forget one.  The README's
 * table says the same at more length. */
#include "cli/cli.h"

const qc_cli_exit qc_cli_exits[] = {
    {QC_EXIT_OK, "success"},
    {QC_EXIT_FAIL, "an unexpected failure (a bug)"},
    {QC_EXIT_USAGE, "bad command line: an unknown option, a missing value, options that "
                    "exclude each other"},
    {QC_EXIT_INPUT, "missing or malformed input (a log path that does not exist, an export "
                    "or case file with a syntax or shape error, a template error); nothing "
                    "is written"},
    {QC_EXIT_PARTIAL, "the evidence is written, but a source failed part-way (a truncated "
                      "gzip log, for one); the manifest says which"},
    {QC_EXIT_VERIFY, "verify: a file changed, is missing or is extra; render: the evidence "
                     "does not match its manifest"},
    {QC_EXIT_EXISTS, "the output exists (--force replaces it), or submit or follow-up was "
                     "done already"},
    {QC_EXIT_IO, "the output cannot be written"},
    {QC_EXIT_AWS, "an AWS call failed after its retries, or no credentials were found; the "
                  "message names the call, the error and the request id"},
    {QC_EXIT_CHECKLIST, "render --strict: the case still lacks something (the outputs are "
                        "written; the message names the first item)"},
    {QC_EXIT_LEAK, "verify, bundle, submit: something secret-shaped is left in the evidence "
                   "(the message names the file, line and kind, never the value)"},
    {QC_EXIT_WAITING, "submit: the request is filed, but Service Quotas has not opened its "
                      "case yet; submit --resume later puts the evidence on it"},
    {QC_EXIT_MANUAL, "submit, follow-up: AWS Support's API needs a support plan the account "
                     "lacks; the output says what to attach by hand, and where"},
    {QC_EXIT_REFUSED, "submit, follow-up: a check refused; nothing was sent"},
    {QC_EXIT_OPEN, "status: the request or its case is still open"},
    {QC_EXIT_DENIED, "status (and submit, when the request ended before a case opened): "
                     "denied, or closed without the increase"},
    {QC_EXIT_INVALID, "status: Service Quotas found the request invalid"},
    {QC_EXIT_INTERRUPTED, "interrupted by Ctrl-C (collect stopped by SIGTERM: 143); what "
                          "was complete is written, and the manifest or the record says how "
                          "far it got"},
};

const size_t qc_cli_nexits = sizeof qc_cli_exits / sizeof *qc_cli_exits;
