// The docker-compose files the import and lint tests read: tests/data/compose, and the blog example users bring
// (in the shared examples beside the repository; a copy is kept in tests/data/compose for a clone on its own).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

inline const QString kCompose = QStringLiteral(ENSEMBLE_TEST_DATA "/compose");

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString blogPath()
{
    const QString shared = QStringLiteral(ENSEMBLE_SOURCE_DIR "/../shared/examples/blog-3zk-3kafka-compose.yml");
    return QFile::exists(shared) ? shared : kCompose + QStringLiteral("/blog-3zk-3kafka-compose.yml");
}
