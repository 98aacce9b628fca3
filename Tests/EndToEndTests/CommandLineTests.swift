import Foundation
import Testing

@Suite("Command line")
struct CommandLineTests {
    @Test func exportOutlineOfTheBundledBook() throws {
        let result = try runIskra(["export"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Leon Trotsky")
        #expect(lines.contains("    19  2. Bolsheviks and Mensheviks"))
        #expect(lines.contains("   656  (44) Natalia Sedova, How It Happened (1940)"))
        #expect(result.stderr.isEmpty)
    }

    @Test func theBenchmarksFirstFrameGoesThroughTheRealStartUp() throws {
        // No terminal needed: it draws to a headless one, with the state directory made as usual.
        let home = try temporaryDirectory("first-frame")
        let result = try runIskra(["--headless-first-frame"], environment: ["XDG_STATE_HOME": home])
        #expect(result.status == 0 && result.stdout == "drawn\n")
        #expect(FileManager.default.fileExists(atPath: home + "/iskra"))
    }

    @Test(arguments: [["export", "--json"], ["export"], ["search", "lenin"], ["search", "--json", "kronstadt"],
                      ["search", "--count", "lenin"], ["people", "--json"], ["--help"]])
    func aWriteErrorIsReportedAndExitsTwo(arguments: [String]) throws {
        // As grep does: a full disk is "write error", exit 2, never a silent truncation.
        let result = try runIskra(arguments, prefix: ["/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/full"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("iskra: write error: "))
    }

    @Test func proposalsAreScoredAgainstARegister() throws {
        let register = Repo.root + "/Content/leon-trotsky.people"
        let result = try runIskra(["people", "--score-against", register, Repo.book])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("people:   precision ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("mentions: precision ") == true)
        // then the first 30 proposals, each with the register person it stands for
        #expect(lines.dropFirst(2).first?.hasSuffix("\tLeon Trotsky\tLeon Trotsky") == true)
        #expect(lines.last?.hasPrefix("not proposed: ") == true)
        let missing = try runIskra(["people", "--score-against", "/nonexistent.people", Repo.book])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent.people"))
    }

    @Test func aQueryMayStartWithADash() throws {
        let plain = try runIskra(["search", "kronstadt", "--count"])
        let without = try runIskra(["search", "-lenin kronstadt", "--count"])
        #expect(without.status == 0 && without.stderr.isEmpty)
        let fewer = Int(without.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let all = Int(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(fewer > 0 && fewer < all)
        // Options before or after it, and a book after it.
        let json = try runIskra(["search", "--json", "-lenin kronstadt", Repo.book])
        #expect(json.status == 0 && json.stdout.hasPrefix("["))
        let lines = try runIskra(["search", "-lenin kronstadt", "--width", "40"])
        #expect(lines.stdout.split(separator: "\n").count == fewer)
        // An unknown long option is still an error.
        #expect(try runIskra(["search", "kronstadt", "--jsno"]).status == 64)
    }

    @Test func exportJSONShape() throws {
        let result = try runIskra(["export", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let document = try #require(object["document"] as? [String: Any])
        #expect(document["title"] as? String == "Leon Trotsky")
        #expect(document["lines"] as? Int == 752)
        #expect((document["path"] as? String)?.hasSuffix("Content/leon-trotsky.txt") == true)
        let chapters = try #require(object["chapters"] as? [[String: Any]])
        #expect(chapters.count == 25)
        #expect(chapters[0]["title"] is NSNull)
        #expect(chapters[0]["line"] as? Int == 3)
        #expect(chapters[1]["title"] as? String == "Bolsheviks and Mensheviks")
        let paragraphs = try #require(chapters[1]["paragraphs"] as? [[String: Any]])
        #expect(paragraphs.first?["line"] as? Int == 21)
        #expect(paragraphs.first?["endLine"] as? Int == 21)
        let figures = try #require(object["figures"] as? [[String: Any]])
        #expect(figures.count == 10)
        #expect(figures[7]["caption"] as? String == "Red Army soldiers attack Kronstadt in March 1921")
        #expect(figures[7]["chapter"] as? Int == 12)
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.count == 44)
        #expect(sources[15]["author"] as? String == "J. T. Murphy")
        #expect(sources[15]["title"] as? String == "The Errors of Trotskyism")
        #expect(sources[15]["date"] as? String == "1925")
        #expect(sources[2]["author"] is NSNull)
        #expect(object["people"] is [Any])
    }

    @Test func bundledBookIsFoundFromAnyDirectory() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repo.binary)
        process.arguments = ["export"]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("Leon Trotsky\n25 chapters"))
    }

    @Test func missingFileIsOneLineAndStatusOne() throws {
        let result = try runIskra(["export", "/nonexistent/book.txt"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "iskra: /nonexistent/book.txt: no such file\n")
    }

    @Test func directoryIsRefused() throws {
        let directory = try temporaryDirectory("dir")
        let result = try runIskra(["export", directory])
        #expect(result.status == 1)
        #expect(result.stderr == "iskra: \(directory): is a directory\n")
    }

    @Test func unreadableFileIsRefused() throws {
        let directory = try temporaryDirectory("unreadable")
        let path = directory + "/secret.txt"
        try "Secret\n\nText.\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        // root reads anything, so drop to an unprivileged user when we are root.
        let prefix = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
        let result = try runIskra(["export", path], prefix: prefix)
        #expect(result.status == 1)
        #expect(result.stderr == "iskra: \(path): permission denied\n")
    }

    @Test func invalidUTF8IsExportedWithAWarning() throws {
        let directory = try temporaryDirectory("utf8")
        let path = directory + "/bad.txt"
        var bytes = Array("Bad Bytes\n\nSome text \u{e9} then ".utf8)
        let badOffset = bytes.count // 29: "é" is two bytes
        bytes += [0xFF]
        bytes += Array(" and more.\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try runIskra(["export", "--json", path])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1)
        #expect(warnings.first?["byteOffset"] as? Int == badOffset)
        #expect(badOffset == 29)
        #expect(warnings.first?["line"] as? Int == 3)
    }

    @Test func everyCommandHasHelp() throws {
        for command in [["--help"], ["export", "--help"], ["bench", "--help"], ["open", "--help"]] {
            let result = try runIskra(command)
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE:"), "\(command)")
        }
    }

    @Test func anUnquotedSecondWordIsNotTakenForAMissingBook() throws {
        let result = try runIskra(["search", "lenin", "in:sources"])
        #expect(result.status == 64 && result.stderr.contains("quote them: iskra search 'lenin in:sources'"))
    }

    @Test func anEmptyRegisterIsNoRegister() throws {
        // `iskra people book.txt > book.people` empties the file before iskra reads it.
        let directory = try temporaryDirectory("empty-register")
        try FileManager.default.copyItem(atPath: Repo.book, toPath: directory + "/book.txt")
        FileManager.default.createFile(atPath: directory + "/book.people", contents: Data())
        let result = try runIskra(["people", directory + "/book.txt"])
        #expect(result.status == 0 && result.stderr.contains("book.people lists nobody: people are proposed from the text instead"))
        #expect(result.stdout.contains("Lenin"))
    }
}
