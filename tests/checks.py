"""reoffsim tests — the pass/fail counter shared by the Python checks
(read_results.py, intervals_check.py, the decision test): check(cond, what)
counts and prints failures; finish() prints the closing "N passed, M failed"
line CTest reads and returns the exit status."""


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
