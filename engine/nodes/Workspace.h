// One directory per cluster: the marker file, the cluster file used, each node's conf/data/logs, the event
// log and the control socket. The engine deletes files only inside a directory that carries the marker.
#pragma once

#include "Expected.h"

#include <QString>
#include <QStringList>

namespace ensemble {

class Workspace
{
  public:
    // Opens DIR as a workspace, creating it (and its marker) when it does not exist or is empty.
    // A non-empty directory without the marker is refused: it may hold the user's own files.
    static Expected<Workspace> openOrCreate(const QString &dir);
    // Opens an existing workspace; fails when DIR has no marker.
    static Expected<Workspace> open(const QString &dir);

    // $XDG_DATA_HOME/ensemble (usually ~/.local/share/ensemble): the runtime and clusters live below it.
    static QString dataRoot();
    // dataRoot()/clusters/NAME
    static QString defaultDirFor(const QString &clusterName);
    // Every workspace under dataRoot()/clusters, plus those elsewhere (-w DIR) whose cluster was registered.
    static QStringList knownWorkspaces();
    // Records that a cluster runs (or ran) in ROOT so commands without -w and `ensemble ls` can find it; the entry
    // goes with unregister, or when the workspace is deleted. A failure (a full disk) is logged, not fatal: the
    // cluster still runs, commands then need -w.
    static void registerRunning(const QString &root);
    static void unregisterRunning(const QString &root);

    QString root() const { return m_root; }
    QString nodeDir(const QString &node) const;
    QString confDir(const QString &node) const;
    QString dataDir(const QString &node) const;
    QString logsDir(const QString &node) const;
    QString pidFile(const QString &node) const;
    // Present while a node's last end was not a stop Ensemble asked for (killed, crashed): its ZooKeeper session
    // may outlive it, so the next start of the cluster looks for the registration it left first.
    QString uncleanEndFile(const QString &node) const;
    QString clusterFile() const;
    QString layoutFile() const;
    QString eventsFile() const;
    QString lockFile() const;
    QString socketPath() const;
    QString markerFile() const;

    // Creates conf/, data/ and logs/ for a node.
    Status prepareNode(const QString &node) const;
    // Replaces PATH with CONTENT as a whole (written beside it, then renamed): a full disk leaves the old file.
    static Status writeFile(const QString &path, const QByteArray &content);
    // Moves the last run's events.jsonl to events.previous.jsonl (for replay), so this run starts a fresh log.
    Status keepPreviousEvents() const;
    // Deletes everything in the workspace (the directory itself too). Refuses without the marker.
    Status purge() const;
    // True when PATH is this workspace or lies inside it (after resolving "..").
    bool contains(const QString &path) const;

  private:
    explicit Workspace(QString root) : m_root(std::move(root)) {}
    QString m_root;
};

} // namespace ensemble
