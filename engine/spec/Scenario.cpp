#include "Scenario.h"
#include "InputSizeLimit.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <limits>
#include <set>

using namespace Qt::StringLiterals;

namespace ensemble {

QStringList Scenario::needs() const
{
    QStringList out;
    if (mode == u"kraft")
        out << u"kraft"_s;
    for (const ScenarioStep &s : steps)
        if (s.verb == u"isolate" || s.verb == u"partition" || s.verb == u"slow" || s.verb == u"heal") {
            out << u"network-faults"_s;
            break;
        }
    return out;
}

namespace {

const QString kDuration = uR"((\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?))"_s;
const QString kSelector =
    uR"((?:zookeeper|quorum)-(?:leader|follower)|controller|partition-(?:leader|follower)\s+\S+-\d+|[A-Za-z0-9_.-]+)"_s;
const QString kWithin = uR"((?:\s+within\s+)"_s + kDuration + u")?"_s;

// -1 for a duration no int holds (24 days and more): the step is then refused, not cast into nonsense (found by
// fuzz_scenario: "wait 99999999999 s" was undefined behaviour).
int toMs(const QString &number, const QString &unit)
{
    const double ms = number.toDouble() * (unit == u"ms" ? 1.0 : 1000.0);
    return ms >= 0 && ms <= double(std::numeric_limits<int>::max()) ? int(ms) : -1;
}

class ScenarioReader
{
  public:
    ScenarioReader(Scenario &s, QList<Diagnostic> &d) : m_s(s), m_diag(d) {}

    void read(const YAML::Node &root)
    {
        if (!root.IsDefined() || root.IsNull() || !root.IsMap()) {
            error(root, u"a scenario file must be a mapping with name, description and steps"_s,
                  u"see docs/scenarios.md for the format"_s);
            return;
        }
        static const std::set<std::string> known = {"name", "title", "description", "requires", "topic", "steps"};
        for (const auto &kv : root)
            if (!known.count(kv.first.as<std::string>()))
                error(kv.first, u"unknown key '%1'"_s.arg(QString::fromStdString(kv.first.as<std::string>())),
                      u"use one of name, title, description, requires, topic, steps"_s);
        m_s.name = scalar(root, "name");
        if (m_s.name.isEmpty())
            error(root, u"the scenario has no name"_s, u"add `name: my-lesson` (lowercase letters, digits, -)"_s);
        else if (!QRegularExpression(u"^[a-z0-9][a-z0-9-]*$"_s).match(m_s.name).hasMatch())
            error(root["name"], u"the name '%1' is not lowercase letters, digits and -"_s.arg(m_s.name),
                  u"rename it, e.g. `name: zookeeper-leader-failover`"_s);
        m_s.title = scalar(root, "title");
        if (m_s.title.isEmpty())
            m_s.title = m_s.name;
        m_s.description = scalar(root, "description");
        if (m_s.description.isEmpty())
            error(root, u"the scenario has no description"_s, u"add `description:` saying what the lesson shows"_s);
        readRequires(root["requires"]);
        readTopic(root["topic"]);
        const YAML::Node steps = root["steps"];
        if (!steps.IsDefined() || !steps.IsSequence() || steps.size() == 0) {
            error(steps.IsDefined() ? steps : root, u"the scenario has no steps"_s,
                  u"add `steps:` with a list of `- do: ...` and `- expect: ...` items"_s);
            return;
        }
        for (const YAML::Node &step : steps)
            readStep(step);
    }

  private:
    void error(const YAML::Node &node, const QString &message, const QString &hint)
    {
        const YAML::Mark m = node.Mark();
        m_diag.append(
            Diagnostic{Severity::Error, m.line >= 0 ? m.line + 1 : 0, m.line >= 0 ? m.column + 1 : 0, message, hint});
    }

    QString scalar(const YAML::Node &map, const char *key)
    {
        const YAML::Node n = map[key];
        if (!n.IsDefined() || n.IsNull())
            return {};
        if (!n.IsScalar()) {
            error(n, u"'%1' must be a single value"_s.arg(QString::fromLatin1(key)), u"write it on one line"_s);
            return {};
        }
        return QString::fromStdString(n.as<std::string>()).trimmed();
    }

    int number(const YAML::Node &map, const char *key, int fallback, int min, int max)
    {
        const QString text = scalar(map, key);
        if (text.isEmpty())
            return fallback;
        bool ok = false;
        const int v = text.toInt(&ok);
        if (!ok || v < min || v > max) {
            error(map[key],
                  u"'%1' must be a whole number from %2 to %3, not '%4'"_s.arg(QString::fromLatin1(key))
                      .arg(min)
                      .arg(max)
                      .arg(text),
                  u"change the value"_s);
            return fallback;
        }
        return v;
    }

    void readRequires(const YAML::Node &n)
    {
        if (!n.IsDefined() || n.IsNull())
            return;
        if (!n.IsMap()) {
            error(n, u"'requires' must be a mapping"_s, u"e.g. `requires: {mode: zookeeper, brokers: 3}`"_s);
            return;
        }
        const QString mode = scalar(n, "mode");
        if (!mode.isEmpty() && mode != u"zookeeper" && mode != u"kraft")
            error(n["mode"], u"unknown mode '%1'"_s.arg(mode), u"use zookeeper or kraft"_s);
        else if (!mode.isEmpty())
            m_s.mode = mode;
        m_s.coordinators = number(n, "coordinators", 0, 0, 9);
        m_s.brokers = number(n, "brokers", 0, 0, 32);
    }

    void readTopic(const YAML::Node &n)
    {
        if (!n.IsDefined() || n.IsNull())
            return;
        if (!n.IsMap()) {
            error(n, u"'topic' must be a mapping"_s, u"e.g. `topic: {name: lesson, replication_factor: 3}`"_s);
            return;
        }
        ScenarioTopic t;
        t.name = scalar(n, "name");
        if (!QRegularExpression(u"^[A-Za-z0-9._]+$"_s).match(t.name).hasMatch())
            error(n, u"the topic needs a name of letters, digits, '.' and '_'"_s,
                  u"e.g. `name: lesson` (no '-': partitions are written TOPIC-PARTITION)"_s);
        t.partitions = number(n, "partitions", 1, 1, 100);
        t.replicationFactor = number(n, "replication_factor", 3, 1, 32);
        const YAML::Node c = n["configs"];
        if (c.IsDefined() && !c.IsNull()) {
            if (!c.IsMap())
                error(c, u"'configs' must be a mapping of setting to value"_s, u"e.g. `min.insync.replicas: 2`"_s);
            else
                for (const auto &kv : c)
                    t.configs.insert(QString::fromStdString(kv.first.as<std::string>()),
                                     kv.second.IsScalar() ? QString::fromStdString(kv.second.as<std::string>())
                                                          : QString());
        }
        m_s.topic = t;
    }

    void readStep(const YAML::Node &n)
    {
        if (!n.IsMap()) {
            error(n, u"a step must be a mapping"_s, u"write `- do: kill controller` or `- expect: ...`"_s);
            return;
        }
        static const std::set<std::string> known = {"do", "expect", "say", "then"};
        for (const auto &kv : n)
            if (!known.count(kv.first.as<std::string>()))
                error(kv.first, u"unknown step key '%1'"_s.arg(QString::fromStdString(kv.first.as<std::string>())),
                      u"a step has `do:` or `expect:`, and optionally `say:` (before) and `then:` (after)"_s);
        const bool isDo = n["do"].IsDefined(), isExpect = n["expect"].IsDefined();
        if (isDo == isExpect) {
            error(n, u"a step needs exactly one of `do:` and `expect:`"_s, u"split it into two steps"_s);
            return;
        }
        ScenarioStep step;
        step.kind = isDo ? ScenarioStepKind::Action : ScenarioStepKind::Expect;
        const YAML::Node body = n[isDo ? "do" : "expect"];
        step.text = scalar(n, isDo ? "do" : "expect").simplified();
        step.before = scalar(n, "say");
        step.after = scalar(n, "then");
        const YAML::Mark m = body.Mark();
        step.line = m.line + 1;
        step.column = m.column + 1;
        const bool understood = isDo ? parseAction(step) : parseExpectation(step);
        if (!understood) {
            error(body, u"cannot read the %1 '%2'"_s.arg(isDo ? u"action"_s : u"expectation"_s, step.text),
                  isDo ? u"actions: kill|stop|start|restart|pause|resume NODE, produce [acks=1|all] at N/s for D, "
                         "consume, wait D, restore, isolate NODE, partition A,B / C, slow NODE D, heal [NODE]"_s
                       : u"expectations: new quorum leader | quorum leader | quorum lost | controller changes | "
                         "partition T-P has a new leader | produce with acks=X fails [with ERROR] | produce with "
                         "acks=X succeeds | every node is up | nothing acknowledged is lost | acknowledged messages "
                         "are lost | NODE is leader|follower|up|down (NODE may be `it`), each with an optional "
                         "`within D`"_s);
            return;
        }
        if (!step.target.isEmpty() && step.target.startsWith(u"partition-"_s)) {
            const QString partition = step.target.section(u' ', 1);
            if (!checkPartition(body, partition))
                return;
        } else if (step.verb == u"partition-new-leader" && !checkPartition(body, step.target))
            return;
        m_s.steps.append(step);
    }

    bool checkPartition(const YAML::Node &at, const QString &ref)
    {
        const QString topic = ref.section(u'-', 0, -2);
        if (!m_s.topic || m_s.topic->name != topic) {
            error(at, u"partition %1 is not of the scenario's topic"_s.arg(ref),
                  u"declare `topic: {name: %1}` above the steps, or name that topic's partition"_s.arg(topic));
            return false;
        }
        if (ref.section(u'-', -1).toInt() >= m_s.topic->partitions) {
            error(at, u"topic %1 has only %2 partition(s)"_s.arg(topic).arg(m_s.topic->partitions),
                  u"partitions count from 0"_s);
            return false;
        }
        return true;
    }

    static bool parseAction(ScenarioStep &s)
    {
        const auto match = [&](const QString &pattern) {
            return QRegularExpression(u"^"_s + pattern + u"$"_s, QRegularExpression::CaseInsensitiveOption)
                .match(s.text);
        };
        if (auto m = match(u"(kill|stop|start|restart|pause|resume|isolate)\\s+("_s + kSelector + u")"_s);
            m.hasMatch()) {
            s.verb = m.captured(1).toLower();
            s.target = m.captured(2).simplified();
            return true;
        }
        if (auto m = match(u"heal(?:\\s+("_s + kSelector + u"))?"_s); m.hasMatch()) {
            s.verb = u"heal"_s;
            s.target = m.captured(1);
            return true;
        }
        if (auto m = match(u"slow\\s+("_s + kSelector + u")\\s+(?:by\\s+)?"_s + kDuration); m.hasMatch()) {
            s.verb = u"slow"_s;
            s.target = m.captured(1);
            s.durationMs = toMs(m.captured(2), m.captured(3));
            return s.durationMs >= 0;
        }
        if (auto m = match(u"partition\\s+([A-Za-z0-9_.,-]+)\\s*/\\s*([A-Za-z0-9_.,-]+)"_s); m.hasMatch()) {
            s.verb = u"partition"_s;
            s.target = m.captured(1) + u" / "_s + m.captured(2);
            return true;
        }
        if (auto m = match(u"produce(?:\\s+(?:with\\s+)?acks=(all|1|0|-1))?\\s+at\\s+(\\d+)\\s*/\\s*s\\s+for\\s+"_s +
                           kDuration);
            m.hasMatch()) {
            s.verb = u"produce"_s;
            s.acks = m.captured(1).isEmpty() || m.captured(1) == u"-1" ? u"all"_s : m.captured(1).toLower();
            s.rate = m.captured(2).toInt();
            s.durationMs = toMs(m.captured(3), m.captured(4));
            return s.rate >= 1 && s.rate <= 10000 && s.durationMs > 0;
        }
        if (match(u"restore"_s).hasMatch()) {
            s.verb = u"restore"_s;
            return true;
        }
        if (match(u"consume"_s).hasMatch()) {
            s.verb = u"consume"_s;
            return true;
        }
        if (auto m = match(u"wait\\s+"_s + kDuration); m.hasMatch()) {
            s.verb = u"wait"_s;
            s.durationMs = toMs(m.captured(1), m.captured(2));
            return s.durationMs >= 0;
        }
        return false;
    }

    static bool parseExpectation(ScenarioStep &s)
    {
        QString text = s.text;
        s.deadlineMs = 30000;
        // The deadline first, so each form below is matched without it.
        const QRegularExpression within(kWithin + u"$"_s, QRegularExpression::CaseInsensitiveOption);
        if (auto m = within.match(text); m.hasMatch() && !m.captured(1).isEmpty()) {
            s.deadlineMs = toMs(m.captured(1), m.captured(2));
            text = text.left(m.capturedStart()).trimmed();
        }
        text.remove(QRegularExpression(u"^(a|an|the)\\s+"_s, QRegularExpression::CaseInsensitiveOption));
        const auto match = [&](const QString &pattern) {
            return QRegularExpression(u"^"_s + pattern + u"$"_s, QRegularExpression::CaseInsensitiveOption).match(text);
        };
        if (match(u"new (zookeeper |quorum )*leader|(zookeeper |quorum )*leader changes"_s).hasMatch())
            s.verb = u"quorum-leader-changes"_s;
        else if (match(u"(zookeeper |quorum )+leader( is elected)?"_s).hasMatch())
            s.verb = u"quorum-leader"_s;
        else if (match(u"(zookeeper )?quorum (is )?lost|no (zookeeper |quorum )*leader"_s).hasMatch())
            s.verb = u"quorum-lost"_s;
        else if (match(u"controller changes|new controller( is elected)?"_s).hasMatch())
            s.verb = u"controller-changes"_s;
        else if (auto m = match(u"partition (\\S+-\\d+) has a new leader"_s); m.hasMatch()) {
            s.verb = u"partition-new-leader"_s;
            s.target = m.captured(1);
        } else if (auto m = match(u"produce with acks=(all|1|0|-1) fails(?: with ([A-Z_]+))?"_s); m.hasMatch()) {
            s.verb = u"produce-fails"_s;
            s.acks = m.captured(1) == u"-1" ? u"all"_s : m.captured(1).toLower();
            s.error = m.captured(2).toUpper();
        } else if (auto m = match(u"produce with acks=(all|1|0|-1) succeeds"_s); m.hasMatch()) {
            s.verb = u"produce-succeeds"_s;
            s.acks = m.captured(1) == u"-1" ? u"all"_s : m.captured(1).toLower();
        } else if (match(u"nothing acknowledged is lost|no acknowledged message is lost"_s).hasMatch())
            s.verb = u"nothing-lost"_s;
        else if (match(u"(every|each|all) nodes? (is |are )?(up|back)( and in sync)?"_s).hasMatch())
            s.verb = u"all-up"_s;
        else if (match(u"(some )?acknowledged messages are lost"_s).hasMatch())
            s.verb = u"acked-lost"_s;
        else if (auto m = match(u"("_s + kSelector + u") is (?:a |the |an? )?(leader|follower|up|down)"_s);
                 m.hasMatch()) {
            s.verb = u"node-is"_s;
            s.target = m.captured(1).simplified();
            if (s.target.compare(u"it"_s, Qt::CaseInsensitive) == 0)
                s.target = u"it"_s; // "It is follower" at the start of a sentence
            s.state = m.captured(2).toLower();
        } else
            return false;
        return s.deadlineMs > 0 && s.deadlineMs <= 600000;
    }

    Scenario &m_s;
    QList<Diagnostic> &m_diag;
};

} // namespace

ScenarioParseResult parseScenario(const QByteArray &yaml)
{
    ScenarioParseResult result;
    if (auto tooLarge = oversizedFile(yaml.size(), u"scenario file"_s)) {
        result.diagnostics.append(*tooLarge);
        return result;
    }
    Scenario scenario;
    try {
        ScenarioReader(scenario, result.diagnostics).read(YAML::Load(yaml.toStdString()));
    } catch (const YAML::Exception &e) {
        result.diagnostics.append(Diagnostic{
            Severity::Error, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.line >= 0 ? e.mark.column + 1 : 0,
            u"not valid YAML: "_s + QString::fromStdString(e.msg), u"fix the syntax at this place"_s});
        return result;
    }
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) { return a.line < b.line; });
    if (!hasErrors(result.diagnostics))
        result.scenario = scenario;
    return result;
}

ScenarioParseResult loadScenario(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ScenarioParseResult result;
        result.diagnostics.append(
            Diagnostic{Severity::Error, 0, 0, u"cannot read the scenario file: "_s + file.errorString(),
                       u"check the path, or name a built-in lesson (`ensemble scenario list`)"_s});
        return result;
    }
    return parseScenario(file.readAll());
}

QStringList builtinScenarioNames()
{
    // Files are named NN-name.yaml so the directory order is the lesson order.
    QStringList names;
    for (const QString &f : QDir(u":/ensemble/scenarios"_s).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        names << f.section(u'-', 1).chopped(5);
    return names;
}

QByteArray builtinScenarioYaml(const QString &name)
{
    for (const QString &f : QDir(u":/ensemble/scenarios"_s).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        if (f.section(u'-', 1).chopped(5) == name) {
            QFile file(u":/ensemble/scenarios/"_s + f);
            if (file.open(QIODevice::ReadOnly))
                return file.readAll();
        }
    return {};
}

} // namespace ensemble
