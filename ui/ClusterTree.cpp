#include "ClusterTree.h"

#include "ClusterTreeModel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>

#include <algorithm>

namespace ensemble::ui {

ClusterTree::ClusterTree(QWidget *parent) : QTreeView(parent), m_model(new ClusterTreeModel(this))
{
    setModel(m_model);
    header()->setStretchLastSection(true);
    // The nodes' names whole, the state the rest: a long topic name is elided rather than pushing the nodes'
    // states out of a laptop-width dock.
    header()->setSectionResizeMode(0, QHeaderView::Interactive);
    setIndentation(14);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setMinimumWidth(160);
    // Rows come (Start, Open) and the tree opens fully: it is small.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        expandAll();
        fitNames();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        expand(parent);
        fitNames();
    });
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

void ClusterTree::fitNames()
{
    // The widest node row: its text, its depth's indentation, the state icon and the cell's margins.
    int widest =
        fontMetrics().horizontalAdvance(m_model->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString()) + 16;
    const std::function<void(const QModelIndex &, int)> walk = [&](const QModelIndex &parent, int depth) {
        for (int row = 0; row < m_model->rowCount(parent); ++row) {
            const QModelIndex index = m_model->index(row, 0, parent);
            const int text = fontMetrics().horizontalAdvance(index.data().toString());
            if (!ClusterTreeModel::nodeAt(index).isEmpty() || depth == 0)
                widest = std::max(widest, text + indentation() * (depth + 1) + std::max(16, iconSize().width()) + 24);
            walk(index, depth + 1);
        }
    };
    walk({}, 0);
    header()->resizeSection(0, widest);
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
