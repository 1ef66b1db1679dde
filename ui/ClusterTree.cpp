#include "ClusterTree.h"

#include "ClusterTreeModel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>

namespace ensemble::ui {

ClusterTree::ClusterTree(QWidget *parent) : QTreeView(parent), m_model(new ClusterTreeModel(this))
{
    setModel(m_model);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents); // names whole; the state takes the rest
    setIndentation(14);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setMinimumWidth(160);
    // Rows come (Start, Open) and the tree opens fully: it is small.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { expandAll(); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) { expand(parent); });
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const QString node = ClusterTreeModel::nodeAt(current);
        if (!m_selecting && !node.isEmpty())
            Q_EMIT nodeSelected(node);
    });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QString node = ClusterTreeModel::nodeAt(indexAt(pos));
        if (node.isEmpty() || !m_menu)
            return;
        selectNode(node);
        Q_EMIT nodeSelected(node);
        QMenu *menu = m_menu(node, this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(viewport()->mapToGlobal(pos));
    });
    expandAll();
}

QString ClusterTree::currentNode() const
{
    return ClusterTreeModel::nodeAt(currentIndex());
}

void ClusterTree::selectNode(const QString &node)
{
    if (node == currentNode())
        return;
    m_selecting = true;
    const QModelIndex index = m_model->indexOfNode(node);
    if (index.isValid())
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        selectionModel()->clear();
    m_selecting = false;
}

void ClusterTree::keyPressEvent(QKeyEvent *event)
{
    if (m_keys && m_keys(currentNode(), event))
        return;
    QTreeView::keyPressEvent(event);
}

} // namespace ensemble::ui
