// libFuzzer target for a KRaft controller's quorum-state file: whatever the file holds (a half-written rewrite, a
// newer Kafka's fields, another program's bytes), QuorumStateFile::parse returns a state or nothing, and a state it
// returns reads back the same from the JSON Kafka would write for it.
#include "QuorumStateFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace ensemble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<QuorumStateFile> state = QuorumStateFile::parse(bytes);
    if (!state)
        return 0;
    QJsonArray voters;
    for (const int id : state->voters)
        voters.append(QJsonObject{{QStringLiteral("voterId"), id}});
    const QJsonObject written{{QStringLiteral("leaderId"), state->leaderId},
                              {QStringLiteral("leaderEpoch"), state->leaderEpoch},
                              {QStringLiteral("votedId"), state->votedId},
                              {QStringLiteral("currentVoters"), voters}};
    const std::optional<QuorumStateFile> again = QuorumStateFile::parse(QJsonDocument(written).toJson());
    if (!again || *again != *state)
        std::abort();
    return 0;
}
