import Foundation
import Testing

@Suite("Command line: sources and links")
struct SourcesCommandLineTests {
    @Test func sourcesJSONShape() throws {
        let result = try runIskra(["sources", "--json"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.count == 44)
        let keys = ["number", "line", "endLine", "header", "author", "person", "title", "date", "dateText", "genre", "links"]
        #expect(sources.allSatisfy { Set($0.keys) == Set(keys) })
        let lenin = sources[11]
        #expect(lenin["author"] as? String == "Lenin" && lenin["person"] as? String == "lenin")
        #expect(lenin["date"] is NSNull && lenin["genre"] as? String == "message")
        let first = sources[0]
        #expect(first["date"] as? String == "1930" && first["line"] as? Int == 348)
        let links = try #require(first["links"] as? [[String: Any]])
        #expect(links.first?["chapter"] as? Int == 0 && links.first?["line"] as? Int == 5 && links.first?["kind"] as? String == "quoted")
    }

    @Test func linksJSONShape() throws {
        let result = try runIskra(["links", "--json", Repo.book])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let links = try #require(object["links"] as? [[String: Any]])
        #expect(links.allSatisfy { Set($0.keys) == ["source", "chapter", "line", "kind", "score", "evidence"] })
        let quoted = links.filter { $0["kind"] as? String == "quoted" }
        #expect(quoted.count == 12)
        #expect(links.allSatisfy { (($0["score"] as? Double) ?? -1) >= 0 && (($0["score"] as? Double) ?? 2) <= 1 })
    }

    @Test func readableTables() throws {
        let sources = try runIskra(["sources"])
        #expect(sources.status == 0)
        let rows = sources.stdout.split(separator: "\n")
        #expect(rows.count == 45)
        #expect(rows.allSatisfy { $0.count <= 100 })
        #expect(rows.contains { $0.hasPrefix("  12 Lenin ") && $0.contains("message") })
        // Source 22's header names no person: shown as missing, never invented.
        #expect(rows.contains { $0.hasPrefix("  22 \u{2014} ") && $0.contains("encyclopaedia") })
        let links = try runIskra(["links"])
        #expect(links.status == 0)
        #expect(links.stdout.split(separator: "\n").contains { $0.contains("related") && $0.contains("(proposed)") })
    }

    @Test func exportJSONCarriesTheCatalog() throws {
        let result = try runIskra(["export", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let catalog = try #require(object["catalog"] as? [String: Any])
        #expect((catalog["sources"] as? [Any])?.count == 44)
        #expect(((catalog["links"] as? [Any])?.count ?? 0) >= 12)
    }

    @Test(arguments: [["sources"], ["links", "--json"]])
    func aWriteErrorIsReportedAndExitsTwo(arguments: [String]) throws {
        let result = try runIskra(arguments, prefix: ["/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/full"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("iskra: write error: "))
    }
}

@Suite("Command line: cite")
struct CiteCommandLineTests {
    @Test func citesALineAndNamesWhatTheSidecarLeavesOut() throws {
        let result = try runIskra(["cite", "27"])
        #expect(result.status == 0)
        #expect(result.stdout == "Leon Trotsky, chap. 2, \u{201C}Bolsheviks and Mensheviks,\u{201D} \u{B6} 4.\n")
        #expect(result.stderr.contains("the citation has no author, publisher, published, url") && result.stderr.contains("leon-trotsky.meta"))
        let json = try runIskra(["cite", "500", "--json", "--style", "markdown"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["source"] as? Int == 29 && object["paragraph"] as? Int == 1 && object["style"] as? String == "markdown")
        #expect((object["citation"] as? String)?.contains("quoted in *Leon Trotsky*, source 29") == true)
    }

    @Test func aLineWithNoTextOrABadPositionIsAClearError() throws {
        let blank = try runIskra(["cite", "2"])
        #expect(blank.status == 1 && blank.stderr.contains("line 2 holds no text of the book"))
        let bad = try runIskra(["cite", "x:3"])
        #expect(bad.status == 64 && bad.stderr.contains("expected a line number or LINE:COLUMN"))
    }
}
