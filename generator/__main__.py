import gc
import os
import sys

# A short-lived process: no collection while the generator's modules load (thousands of objects that
# live until exit, each import tripping collections that find no garbage), and what they made frozen
# so that later collections, and the validating fork's (see generator.build), do not walk it again.
gc.disable()
from generator.cli import main  # noqa: E402

gc.freeze()
gc.enable()
status = main()
# Every file is written and closed and the validating process has been waited for by now: exit without
# tearing the interpreter down object by object (a twentieth of a regeneration), as mypy does.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
