import Foundation
import Testing

@Suite("Command line: timeline")
struct TimelineCommandLineTests {
    static func dates(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try runIskra(["timeline", "--json"] + arguments)
        #expect(result.status == 0 && result.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["dates"] as? [[String: Any]])
    }

    @Test func textOneLinePerDateEarliestFirst() throws {
        let result = try runIskra(["timeline"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.count == 190)
        #expect(rows.allSatisfy { $0.count <= 100 })
        // date, line:column, place, context
        #expect(rows.contains { $0.hasPrefix("7 Nov 1879      5:102  Ch 1    ") && $0.contains("was born in Yanovka") })
        #expect(rows.contains { $0.hasPrefix("28 Aug 1940   550:105  Src 34  (source written) ") })
        #expect(rows.contains { $0.hasPrefix("1967            33:94  Ch 2    (published) ") })
        let years = rows.compactMap { row in row.split(separator: " ").first { $0.count == 4 }.flatMap { Int($0) } }
        #expect(years.count == rows.count && years == years.sorted())
    }

    @Test func jsonShape() throws {
        let dates = try Self.dates([])
        #expect(dates.count == 190)
        let common: Set = ["line", "column", "length", "text", "date", "precision", "kind", "context"]
        #expect(dates.allSatisfy { Set($0.keys) == common.union(["chapter"]) || Set($0.keys) == common.union(["source"]) })
        let birth = try #require(dates.first { $0["date"] as? String == "1879-11-07" })
        #expect(birth["line"] as? Int == 5 && birth["column"] as? Int == 102 && birth["length"] as? Int == 18)
        #expect(birth["text"] as? String == "7th November, 1879" && birth["precision"] as? String == "day")
        #expect(birth["kind"] as? String == "event" && birth["chapter"] as? Int == 0)
        let gorky = try #require(dates.first { $0["date"] as? String == "1917-11-07" })
        #expect(gorky["kind"] as? String == "source" && gorky["source"] as? Int == 7 && gorky["line"] as? Int == 378)
        #expect(Set(dates.compactMap { $0["precision"] as? String }) == ["year", "month", "day"])
        #expect(Set(dates.compactMap { $0["kind"] as? String }) == ["event", "source", "publication"])
    }

    @Test func filtersByYearKindAndPerson() throws {
        let revolution = try Self.dates(["--from", "1905", "--to", "1905"])
        #expect(!revolution.isEmpty && revolution.allSatisfy { ($0["date"] as? String)?.hasPrefix("1905") == true })
        #expect(revolution.count == 17)
        let published = try Self.dates(["--kind", "publication"])
        #expect(published.count == 29 && published.allSatisfy { $0["kind"] as? String == "publication" })
        let both = try Self.dates(["--kind", "publication", "--kind", "source"])
        #expect(both.count == 29 + 38)
        let sedov = try Self.dates(["--person", "lev sedov", "--kind", "event"])
        #expect(sedov.contains { $0["line"] as? Int == 326 && $0["date"] as? String == "1937" })
        #expect(!sedov.contains { $0["line"] as? Int == 5 })
        // Any case, an alias form.
        let bronstein = try Self.dates(["--person", "LEV BRONSTEIN"])
        let trotsky = try Self.dates(["--person", "leon trotsky"])
        #expect(!trotsky.isEmpty && bronstein.count == trotsky.count)
    }

    @Test func timelineJS() throws {
        let result = try runIskra(["timeline", "--format", "timelinejs"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let title = try #require((object["title"] as? [String: Any])?["text"] as? [String: Any])
        #expect(title["headline"] as? String == "Leon Trotsky")
        let events = try #require(object["events"] as? [[String: Any]])
        // Events only by default.
        #expect(events.count == 123)
        #expect(events.allSatisfy { $0["group"] as? String == "Events" })
        let birth = try #require(events.first { (($0["start_date"] as? [String: Any])?["year"] as? String) == "1879" })
        let start = try #require(birth["start_date"] as? [String: Any])
        #expect(start["month"] as? String == "11" && start["day"] as? String == "7")
        let text = try #require(birth["text"] as? [String: Any])
        #expect((text["headline"] as? String)?.hasPrefix("Ch 1") == true)
        #expect((text["text"] as? String)?.contains("was born in Yanovka") == true)
        let all = try runIskra(["timeline", "--format", "timelinejs", "--kind", "event", "--kind", "source", "--kind", "publication"])
        let allEvents = try #require((try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])?["events"] as? [Any])
        #expect(allEvents.count == 190)
    }

    @Test(arguments: [
        (["timeline", "--from", "1930", "--to", "1920"], "--from 1930 is after --to 1920"),
        (["timeline", "--kind", "battle"], "'battle' is invalid for '--kind"),
        (["timeline", "--format", "csv"], "'csv' is invalid for '--format"),
        (["timeline", "--from", "nineteen"], "'nineteen' is invalid for '--from"),
        (["timeline", "--json", "--format", "timelinejs"], "alternatives"),
    ])
    func badInputIsAUsageError(arguments: [String], message: String) throws {
        let result = try runIskra(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty && result.stderr.contains(message))
    }

    @Test func anUnknownOrAmbiguousPersonSaysWhoItCouldBe() throws {
        let unknown = try runIskra(["timeline", "--person", "trotzky"])
        #expect(unknown.status == 1 && unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("no person named 'trotzky'") && unknown.stderr.contains("Leon Trotsky"))
        let shared = try runIskra(["timeline", "--person", "sedov"])
        #expect(shared.status == 1 && shared.stderr.contains("Lev Sedov") && shared.stderr.contains("Sergei Sedov"))
    }

    @Test func exportJSONCarriesTheDatesInBookOrder() throws {
        let result = try runIskra(["export", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let dates = try #require(object["dates"] as? [[String: Any]])
        #expect(dates.count == 190)
        let lines = dates.compactMap { $0["line"] as? Int }
        #expect(lines == lines.sorted() && dates.first?["text"] as? String == "1902")
    }
}
