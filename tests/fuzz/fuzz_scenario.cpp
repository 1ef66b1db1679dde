// libFuzzer target for the scenario reader: whatever a user's lesson file holds, parseScenario returns a scenario
// or diagnostics, never crashes or hangs, and what it accepts keeps the promises the ScenarioRunner relies on.
#include "Scenario.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const ScenarioParseResult result = parseScenario(yaml);

    // A scenario exactly when no diagnostic is an error.
    if (result.scenario.has_value() == hasErrors(result.diagnostics))
        std::abort();
    const qsizetype lines = yaml.count('\n') + 1;
    int previousLine = 0;
    for (const Diagnostic &d : result.diagnostics) {
        if (d.message.isEmpty() || d.line < 0 || d.column < 0 || d.line > lines + 1 || d.line < previousLine)
            std::abort();
        previousLine = d.line;
    }
    if (!result.scenario)
        return 0;
    if (result.scenario->steps.isEmpty())
        std::abort();
    for (const ScenarioStep &s : result.scenario->steps) {
        if (s.verb.isEmpty() || s.durationMs < 0 || s.deadlineMs < 0 || s.rate < 0)
            std::abort();
        if (s.kind == ScenarioStepKind::Expect && (s.deadlineMs <= 0 || s.deadlineMs > 600000))
            std::abort();
    }
    (void)result.scenario->needs();
    return 0;
}
