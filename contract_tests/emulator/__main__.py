import sys

from contract_tests.emulator.cli import main

sys.exit(main())
