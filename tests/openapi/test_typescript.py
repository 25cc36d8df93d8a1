"""openapi/openapi.json generates TypeScript types that a typed fetch() client compiles against.

openapi-typescript writes tests/sdk/generated/openapi.ts (git-ignored) and `tsc --noEmit`
checks it together with tests/sdk/usage.ts, whose `@ts-expect-error` lines also prove the types
are precise (enums, required fields) rather than `any`. Skipped when Node.js/npm are absent.
"""

import pytest

from tests.sdk.toolchain import SDK_DIR, ensure_node_modules, npx, output

GENERATED = SDK_DIR / "generated" / "openapi.ts"


@pytest.fixture(scope="module")
def node_tools() -> None:
    ensure_node_modules()


def test_generated_types_compile_with_the_usage_example(node_tools: None) -> None:
    GENERATED.unlink(missing_ok=True)
    generated = npx(
        "openapi-typescript", "../../openapi/openapi.json", "-o", "generated/openapi.ts"
    )
    assert generated.returncode == 0, output(generated)
    log = generated.stdout + generated.stderr
    assert "warn" not in log.lower() and "⚠" not in log, output(generated)
    text = GENERATED.read_text(encoding="utf-8")
    assert '"/v1/athletes/{slug}/medals": {' in text and "MedalCabinet: {" in text

    compiled = npx("tsc", "--noEmit", "-p", ".", "--pretty", "false")
    assert compiled.returncode == 0, output(compiled)
