/* test_main.c - runs the C unit tests; each group is a function. */
#include <stdio.h>

#include "check.h"

int qc_check_failed, qc_check_passed;

void test_qtime(void);
void test_redact(void);
void test_json(void);
void test_buf(void);
void test_fs_rebase(void);
void test_logfields(void);
void test_evstore(void);
void test_logspool(void);
void test_series(void);
void test_aws(void);
void test_diagnosis(void);
void test_diagnosis_period(void);
void test_replay(void);
void test_checklist(void);
void test_langfmt(void);
void test_quotamap(void);
void test_minutes(void);
void test_jsonpull(void);
void test_attach(void);
void test_cwload(void);
void test_submit(void);
void test_tzone(void);

int main(void)
{
    test_buf();
    test_fs_rebase();
    test_qtime();
    test_tzone();
    test_json();
    test_redact();
    test_logfields();
    test_evstore();
    test_logspool();
    test_series();
    test_aws();
    test_diagnosis();
    test_diagnosis_period();
    test_replay();
    test_checklist();
    test_langfmt();
    test_quotamap();
    test_minutes();
    test_jsonpull();
    test_attach();
    test_cwload();
    test_submit();
    printf("%d passed, %d failed\n", qc_check_passed, qc_check_failed);
    return qc_check_failed != 0;
}
