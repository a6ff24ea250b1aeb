"""The contract check, shared by every API under specs/ (each run checks one, against its emulator or a
live host), and the emulator it runs against by default (contract_tests/emulator/)."""
