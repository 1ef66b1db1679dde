// The cluster tree dock's view: nodes by kind and topics (a ClusterTreeModel, updated in place). Its current node
// is the window's selected node (kept in step with the canvas); node keys and the context menu act on it.
#pragma once

#include <QTreeView>

#include <functional>

class QMenu;

namespace ensemble::ui {

class ClusterTreeModel;

class ClusterTree : public QTreeView
{
    Q_OBJECT
  public:
    explicit ClusterTree(QWidget *parent = nullptr);

    ClusterTreeModel *treeModel() const { return m_model; }
    QString currentNode() const;
    // Makes NODE current (empty: none) without emitting nodeSelected.
    void selectNode(const QString &node);
    // Node keys (K, S, P...) go to HANDLER with the current node; the context menu comes from MENU.
    void setNodeKeyHandler(std::function<bool(const QString &, QKeyEvent *)> handler) { m_keys = std::move(handler); }
    void setNodeMenuFactory(std::function<QMenu *(const QString &, QWidget *)> menu) { m_menu = std::move(menu); }

  Q_SIGNALS:
    void nodeSelected(const QString &node);

  protected:
    void keyPressEvent(QKeyEvent *event) override;

  private:
    void fitNames(); // the name column as wide as the widest node's name, not the topics'
    ClusterTreeModel *m_model;
    std::function<bool(const QString &, QKeyEvent *)> m_keys;
    std::function<QMenu *(const QString &, QWidget *)> m_menu;
    bool m_selecting = false;
};

} // namespace ensemble::ui
