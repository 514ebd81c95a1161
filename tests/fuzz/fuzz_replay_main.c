/* reoffsim tests — the replay main shared by the fuzz harnesses (fuzz_config.c,
 * fuzz_units.c): without libFuzzer, run LLVMFuzzerTestOneInput on every file of
 * the directories given, so CTest replays the corpora in every build (a crash
 * or sanitizer report fails the test). Prints "N passed, M failed". */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replays one file; returns 0 on success (a crash never returns). */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown) free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (!buf) return -1;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

/* Replays every file of one directory; counts into *files and *errors. */
static void replay_dir(const char *prog, const char *dir, int *files, int *errors)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: cannot open directory %s\n", prog, dir);
        (*errors)++;
        return;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        fprintf(stderr, "replay %s\n", path);
        if (replay_file(path) == 0) {
            (*files)++;
        } else {
            fprintf(stderr, "%s: cannot read %s\n", prog, path);
            (*errors)++;
        }
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '/');
    const char *prog = slash ? slash + 1 : argv[0];
    LLVMFuzzerInitialize(&argc, &argv);
    int files = 0, errors = 0;
    for (int a = 1; a < argc; a++) replay_dir(prog, argv[a], &files, &errors);
    printf("%d passed, %d failed\n", files, errors);
    return errors || files == 0 ? 1 : 0;
}
