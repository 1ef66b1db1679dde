// One cluster run by the window, set up the way `ensemble up` does it: parse the cluster file, find the runtime,
// open the workspace, prepare the engine, listen on the control socket (so `ensemble status`, `kill`, `down`
// work against it), then start. Errors come back as values for a dialog.
#pragma once

#include "ControlServer.h"
#include "Engine.h"

#include <QObject>
#include <memory>

namespace ensemble::ui {

class ClusterSession : public QObject
{
    Q_OBJECT
  public:
    // CLUSTERFILE empty: the built-in default cluster. WORKSPACEDIR empty: the default for the cluster's name.
    static Expected<ClusterSession *> create(const QString &clusterFile, const QString &workspaceDir,
                                             QObject *parent = nullptr);
    ~ClusterSession() override;

    Engine *engine() const { return m_engine.get(); }
    QString clusterFile() const { return m_clusterFile; }
    void start() { m_engine->start(); }
    // Diagnostics (warnings) the cluster file produced, formatted for a message box.
    QStringList warnings() const { return m_warnings; }

  private:
    ClusterSession(QObject *parent) : QObject(parent) {}

    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<ControlServer> m_control;
    QString m_clusterFile;
    QStringList m_warnings;
    bool m_registered = false;
};

} // namespace ensemble::ui
