// libFuzzer target for the produce form's message text (typed or pasted by the user, or given to `ensemble
// produce`): MessageTemplate parses it or says which placeholder is wrong, expands what it accepts with live and
// extreme contexts, and the Pretty button's MessagePrettyPrinter indents it or says where it is not JSON.
#include "MessagePrettyPrinter.h"
#include "MessageTemplate.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    const Expected<MessageTemplate> literal = MessageTemplate::parse(text, true);
    if (!literal || literal->expand(MessageTemplate::liveContext(0)) != text.toUtf8())
        std::abort(); // --literal sends the text as typed

    const Expected<MessageTemplate> parsed = MessageTemplate::parse(text);
    if (parsed) {
        for (const qint64 seq : {qint64(0), std::numeric_limits<qint64>::max()})
            (void)parsed->expand(MessageTemplate::liveContext(seq));
        if (parsed->isConstant() && parsed->expand({}) != text.toUtf8())
            std::abort(); // no placeholder: the text itself
    } else if (parsed.error().message.isEmpty()) {
        std::abort();
    }

    const Expected<QString> pretty = MessagePrettyPrinter::indentJson(text);
    if (!pretty && pretty.error().message.isEmpty())
        std::abort();
    return 0;
}
