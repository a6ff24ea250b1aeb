"""Contract tests of the Patchworks Core API and the emulator they run against by default."""
