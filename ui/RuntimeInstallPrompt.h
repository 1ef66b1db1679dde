// "Kafka 4.4.0 is not installed — install now?": before Start, whether the cluster's Kafka runtime is there, and if
// this build can install it, the offer to; yes opens the Kafka runtimes dialog (RuntimeDialog) on that install —
// its download runs on a worker thread, with progress and Cancel — and starts the cluster when it succeeds. A
// failure stays in the dialog with what to do. The decision (need()) is pure, for tests.
#pragma once

#include "ClusterSpec.h"

#include <QString>

#include <functional>

class QWidget;

namespace ensemble::ui {

class RuntimeInstallPrompt
{
  public:
    struct Need
    {
        enum class Kind {
            Ready,      // kafka_home / KAFKA_HOME given, or the runtime is installed: start (RuntimeLocator checks it)
            Installable // not installed, and this build ships its lock: offer to install it
        };
        Kind kind = Kind::Ready;
        QString version;
        int jars = 0;
        qint64 downloadBytes = 0;
    };

    // What starting SPEC needs; KAFKAHOME is the environment's KAFKA_HOME. A version with no lock is Ready here:
    // RuntimeLocator refuses it with the versions that can be installed, which is the better message.
    static Need need(const ClusterSpec &spec, const QString &kafkaHome);
    // The question asked for an Installable need.
    static QString question(const Need &need);

    enum class Answer {
        StartNow,   // nothing to install
        Installing, // the install runs (or already ran in the dialog); START is called when it succeeds
        Declined    // the user said no: nothing starts
    };
    // CLUSTERFILE empty: the built-in cluster. UNATTENDED: never asks (StartNow; the locator's error then says
    // how to install).
    static Answer ask(QWidget *parent, const QString &clusterFile, bool unattended, std::function<void()> start);
};

} // namespace ensemble::ui
