#!/usr/bin/env bash
# Rewrites the Options block of every docs/commands/NAME.md from `theory NAME --help` (run after changing an option).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Theory.Tests -c Release --nologo -v quiet
THEORY_UPDATE_DOCS=1 dotnet test tests/Theory.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~CommandDocsTests.The_page_of_each_command"
