import Testing
@testable import IskraCore

/// An independent, deliberately simple model of the search rules, used as the oracle: it
/// rescans each unit's text per query with a tiny explicit folding table (the book only needs
/// these characters), instead of the index's name-based folding, vocabulary and postings.
enum Naive {
    static func fold(_ s: Unicode.Scalar) -> [Unicode.Scalar] {
        switch s {
        case "é": return ["e"]
        case "É": return ["E"]
        case "œ": return ["o", "e"]
        case "\u{2019}", "\u{2018}": return ["'"]
        case "\u{201C}", "\u{201D}": return ["\""]
        case "\u{2013}", "\u{2014}": return ["-"]
        case "\u{2026}": return [".", ".", "."]
        default: return [s]
        }
    }

    static func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 32)! : s
    }

    static func isWord(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || (s.value > 127 && s.properties.isAlphabetic)
    }

    /// Folded scalars of `text` with, for each, the offset of the original scalar.
    static func folded(_ text: String, caseSensitive: Bool) -> [(scalar: Unicode.Scalar, origin: Int)] {
        var out: [(Unicode.Scalar, Int)] = []
        for (i, s) in text.unicodeScalars.enumerated() {
            for f in fold(s) { out.append((caseSensitive ? f : lower(f), i)) }
        }
        return out
    }

    struct Hit: Equatable, Comparable {
        var unit: Int, offset: Int, length: Int
        static func < (a: Hit, b: Hit) -> Bool { (a.unit, a.offset) < (b.unit, b.offset) }
    }

    /// Occurrences of an unquoted term starting at a word start.
    static func term(_ term: String, in units: [TextUnit], caseSensitive: Bool) -> [Hit] {
        let q = folded(term, caseSensitive: caseSensitive).map(\.scalar)
        var hits: [Hit] = []
        for unit in units {
            let t = folded(unit.text, caseSensitive: caseSensitive)
            var i = 0
            while i + q.count <= t.count {
                let atWordStart = i == 0 || !isWord(t[i - 1].scalar)
                if atWordStart && (0 ..< q.count).allSatisfy({ t[i + $0].scalar == q[$0] }) {
                    let start = t[i].origin, last = t[i + q.count - 1].origin
                    hits.append(Hit(unit: unit.id, offset: start, length: last + 1 - start))
                }
                i += 1
            }
        }
        return hits
    }

    /// Occurrences of the words of `phrase`, in order, separated only by non-word characters;
    /// all but the last must be whole words.
    static func phrase(_ phrase: String, in units: [TextUnit], caseSensitive: Bool) -> [Hit] {
        let words = phrase.split(separator: " ").map { folded(String($0), caseSensitive: caseSensitive).map(\.scalar) }
        var hits: [Hit] = []
        for unit in units {
            let t = folded(unit.text, caseSensitive: caseSensitive)
            for i in t.indices where i == 0 || !isWord(t[i - 1].scalar) {
                var p = i
                var ok = true
                for (w, word) in words.enumerated() {
                    if w > 0 {
                        let before = p
                        while p < t.count && !isWord(t[p].scalar) { p += 1 }
                        if p == before { ok = false; break }
                    }
                    guard p + word.count <= t.count, (0 ..< word.count).allSatisfy({ t[p + $0].scalar == word[$0] }) else { ok = false; break }
                    p += word.count
                    if w < words.count - 1 && p < t.count && isWord(t[p].scalar) { ok = false; break }
                }
                if ok { hits.append(Hit(unit: unit.id, offset: t[i].origin, length: t[p - 1].origin + 1 - t[i].origin)) }
            }
        }
        return hits
    }
}

private func hits(_ results: SearchResults) -> [Naive.Hit] {
    results.map { Naive.Hit(unit: $0.unit, offset: $0.offset, length: $0.length) }
}

private func scalarSlice(_ text: String, _ offset: Int, _ length: Int) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(offset).prefix(length)))
}

/// One paragraph unit per text, alternately in a chapter and a source (even ids in chapters).
func units(_ texts: [String]) -> [TextUnit] {
    texts.enumerated().map { i, text in
        TextUnit(id: i, kind: .paragraph, container: i % 2 == 0 ? .chapter(i / 2) : .source(i / 2),
                 paragraph: Paragraph(line: i + 1, endLine: i + 1, text: text,
                                      segments: [LineSegment(textOffset: 0, line: i + 1, column: 1)]))
    }
}

@Suite("Search on the bundled book")
struct SearchBookTests {
    static let index = SearchIndex(document: TestBook.document)
    let index = SearchBookTests.index
    var bookUnits: [TextUnit] { index.units }

    @Test func wordStartPrefixMatchesTheOracleAndGrep() {
        let results = index.search("kronst")
        // grep -oi '\bkronst' Content/leon-trotsky.txt | wc -l
        #expect(results.count == 28)
        #expect(hits(results) == Naive.term("kronst", in: bookUnits, caseSensitive: false))
        for hit in results {
            #expect(scalarSlice(index.units[hit.unit].text, hit.offset, hit.length).lowercased() == "kronst")
        }
    }

    @Test func positionsPointIntoTheFile() {
        for query in ["kronst", "emigre", "Trotsky's", "manoeuv", "trial"] {
            let results = index.search(query)
            #expect(!results.isEmpty)
            for hit in results {
                let (line, column) = index.position(of: hit)
                let text = scalarSlice(index.units[hit.unit].text, hit.offset, hit.length)
                #expect(scalarSlice(TestBook.lines[line - 1], column - 1, hit.length) == text)
            }
        }
    }

    @Test func leninFindsWordsStartingWithIt() {
        // grep -oiw 'lenin[a-z]*': 154 Lenin, 1 Leningrad.
        let results = index.search("lenin")
        #expect(results.count == 155)
        #expect(hits(results) == Naive.term("lenin", in: bookUnits, caseSensitive: false))
    }

    @Test func oneLetterQueriesFindThousands() {
        // Many words share these prefixes: their positions are ordered through a bitmap.
        for query in ["t", "T", "a", "s", "z", "\"t"] {
            let caseSensitive = query.contains("T")
            let expected = Naive.term(query.filter { $0 != "\"" }, in: bookUnits, caseSensitive: caseSensitive)
            #expect(hits(index.search(query)) == expected, "\(query)")
        }
        #expect(index.search("t").count > 5000)
        #expect(index.search("in:sources t").map { $0 } == index.search("t").filter {
            if case .source = index.units[$0.unit].container { true } else { false } })
    }

    @Test func smartCase() {
        let lower = index.search("party"), upper = index.search("Party")
        #expect(hits(lower) == Naive.term("party", in: bookUnits, caseSensitive: false))
        #expect(hits(upper) == Naive.term("Party", in: bookUnits, caseSensitive: true))
        // grep -o '\bParty\b' counts 58 and '\bparty\b' 68; the prefix also finds longer words.
        #expect(upper.count >= 58 && lower.count >= 126)
        #expect(upper.count < lower.count)
        #expect(index.search("pARTY").isEmpty)
        #expect(index.search("Party").query.caseSensitive && !index.search("party").query.caseSensitive)
    }

    @Test func accentsFold() {
        let results = index.search("emigre")
        let found = results.map { hit -> String in
            let p = index.position(of: hit)
            return "\(p.line):\(p.column) \(scalarSlice(index.units[hit.unit].text, hit.offset, hit.length))"
        }
        #expect(found == ["59:811 emigre", "328:145 émigré", "368:388 émigré"])
        #expect(index.search("émigré").map { $0 } == results.map { $0 })
        #expect(index.search("Emigre").isEmpty)
    }

    @Test func ligatureFoldsAndReportsOriginalLength() {
        let results = index.search("manoeuv")
        #expect(hits(results) == Naive.term("manoeuv", in: bookUnits, caseSensitive: false))
        let first = results[0]
        let p = index.position(of: first)
        #expect(p.line == 424 && p.column == 1187)
        #expect(first.length == 6)
        #expect(scalarSlice(index.units[first.unit].text, first.offset, first.length) == "manœuv")
        #expect(index.search("manœuvre").count == index.search("manoeuvre").count)
    }

    @Test func straightApostropheFindsCurlyOne() {
        let straight = index.search("Trotsky's"), curly = index.search("Trotsky\u{2019}s")
        // grep -o "Trotsky's" | wc -l: 39; grep -o "Trotsky’s": 4.
        #expect(straight.count == 43)
        #expect(straight.map { $0 } == curly.map { $0 })
        #expect(hits(straight) == Naive.term("Trotsky's", in: bookUnits, caseSensitive: true))
        let texts = Set(straight.map { scalarSlice(index.units[$0.unit].text, $0.offset, $0.length) })
        #expect(texts == ["Trotsky's", "Trotsky\u{2019}s"])
    }

    @Test func straightQuoteInsideATermFindsCurlyQuotes() {
        // `“below,”` in source 16: the term `below,"` ends with a straight quote.
        let results = index.search("below,\"")
        #expect(hits(results) == Naive.term("below,\"", in: bookUnits, caseSensitive: false))
        #expect(results.count >= 1)
    }

    @Test func dashFindsEnDashes() {
        // A term made of a dash alone (typed as an en dash, since `-` starts an exclusion).
        let results = index.search("\u{2013}")
        // A term that starts with punctuation matches anywhere, not only at word starts.
        #expect(hits(results) == scanAll("-"))
        let texts = Set(results.map { scalarSlice(index.units[$0.unit].text, $0.offset, $0.length) })
        #expect(texts == ["-", "\u{2013}"])
        // grep -o '–' | wc -l
        #expect(results.filter { scalarSlice(index.units[$0.unit].text, $0.offset, $0.length) == "\u{2013}" }.count == 12)
    }

    private func scanAll(_ needle: Unicode.Scalar) -> [Naive.Hit] {
        var out: [Naive.Hit] = []
        for unit in bookUnits {
            for (i, s) in unit.text.unicodeScalars.enumerated() where Naive.fold(s) == [needle] {
                out.append(Naive.Hit(unit: unit.id, offset: i, length: 1))
            }
        }
        return out
    }

    @Test func severalWordsMustShareAParagraph() {
        let results = index.search("lenin stalin")
        let lenin = Naive.term("lenin", in: bookUnits, caseSensitive: false)
        let stalin = Naive.term("stalin", in: bookUnits, caseSensitive: false)
        let both = Set(lenin.map(\.unit)).intersection(stalin.map(\.unit))
        let expected = (lenin + stalin).filter { both.contains($0.unit) }.sorted()
        #expect(hits(results) == expected)
        #expect(Set(results.map(\.unit)) == both)
        #expect(both.count > 5 && both.count < Set(lenin.map(\.unit)).count)
    }

    @Test func quotedPhrase() {
        let results = index.search("\"permanent revolution\"")
        #expect(hits(results) == Naive.phrase("permanent revolution", in: bookUnits, caseSensitive: false))
        // grep -oi 'permanent[^a-z0-9]*revolution': 5 lowercase, 2 capitalised.
        #expect(results.count == 7)
        #expect(index.search("\"Permanent Revolution\"").count == 2)
        // The words, not merely both in the paragraph.
        #expect(index.search("permanent revolution").count > results.count)
        #expect(index.search("\"revolution permanent\"").isEmpty)
    }

    @Test func scopes() {
        let all = Naive.term("trial", in: bookUnits, caseSensitive: false)
        func inSources(_ unit: Int) -> Bool {
            switch bookUnits[unit].container {
            case .source, .sourcesIntro: return true
            case .front, .chapter: return false
            }
        }
        func inChapters(_ unit: Int) -> Bool {
            if case .chapter = bookUnits[unit].container { return true } else { return false }
        }
        let sources = index.search("in:sources trial"), chapters = index.search("in:chapters trial")
        #expect(hits(sources) == all.filter { inSources($0.unit) })
        #expect(hits(chapters) == all.filter { inChapters($0.unit) })
        #expect(!sources.isEmpty && !chapters.isEmpty)
        #expect(sources.groups.allSatisfy { if case .source = $0.container { true } else { false } })
        #expect(index.search("trial in:sources").map { $0 } == sources.map { $0 })
    }

    @Test func exclusion() {
        let results = index.search("lenin -stalin")
        let stalinUnits = Set(Naive.term("stalin", in: bookUnits, caseSensitive: false).map(\.unit))
        let expected = Naive.term("lenin", in: bookUnits, caseSensitive: false).filter { !stalinUnits.contains($0.unit) }
        #expect(hits(results) == expected)
        #expect(!results.isEmpty && results.count < index.search("lenin").count)
        #expect(index.search("-stalin").isEmpty)
    }

    @Test func incompleteQueriesDegrade() {
        #expect(index.search("\"kron").map { $0 } == index.search("kron").map { $0 })
        // While typing, the last word of a phrase is a prefix (and only the typed part is a hit).
        #expect(index.search("\"permanent revol").map { [$0.unit, $0.offset] }
                == index.search("\"permanent revolution\"").map { [$0.unit, $0.offset] })
        #expect(index.search("-").isEmpty)
        #expect(index.search("\"").isEmpty)
        #expect(index.search("in:").isEmpty)
        #expect(index.search("").isEmpty)
        #expect(index.search("   ").isEmpty)
        #expect(index.search("lenin -").map { $0 } == index.search("lenin").map { $0 })
        #expect(index.search("in: lenin").map { $0 } == index.search("lenin").map { $0 })
        #expect(index.search("in:s trial").map { $0 } == index.search("in:sources trial").map { $0 })
        let unknown = SearchQuery("in:xyz lenin")
        #expect(unknown.ignored == ["in:xyz"] && unknown.scope == .everywhere)
        #expect(index.search(unknown).count == 155)
        // Every prefix of every benchmark query runs without trouble.
        for typed in SearchBenchmark.keystrokes(SearchBenchmark.defaultQueries + ["-\"", "\"\"", "in:c -", "'"]) {
            _ = index.search(typed).summary
        }
    }

    @Test func groupsAndSummary() {
        let results = index.search("kronst")
        let naive = Naive.term("kronst", in: bookUnits, caseSensitive: false)
        var expected: [(Container, Int)] = []
        for hit in naive {
            let container = bookUnits[hit.unit].container
            if expected.last?.0 == container { expected[expected.count - 1].1 += 1 } else { expected.append((container, 1)) }
        }
        #expect(results.groups.map(\.container) == expected.map(\.0))
        #expect(results.groups.map(\.count) == expected.map(\.1))
        let chapters = expected.filter { if case .chapter = $0.0 { true } else { false } }.count
        let sources = expected.filter { if case .source = $0.0 { true } else { false } }.count
        #expect(chapters == 1 && sources == 2)
        #expect(results.summary == "28 hits in 18 passages · 1 chapter, 2 sources")
        #expect(index.search("trial").summary.hasPrefix("\(index.search("trial").count) hits in "))
        #expect(index.search("zzzz").summary == "No hits")
        #expect(results.group(ofHit: 0) == 0 && results.group(ofHit: results.count - 1) == results.groups.count - 1)
    }

    /// Users think in passages: hits are counted per paragraph (or heading, caption, source
    /// header), and each passage is the exact set of hits in one unit.
    @Test func passagesAreTheUnitsHoldingHits() {
        let results = index.search("permanent revolution")
        let naive = hits(results)
        let units = naive.map(\.unit).reduce(into: [Int]()) { if $0.last != $1 { $0.append($1) } }
        // Both words, all 25 occurrences, fall in 6 paragraphs (grep: lines 70, 308, 438, 450, 508, 607).
        #expect(results.count == 25 && results.passageCount == 6 && units.count == 6)
        #expect(results.countLabel == "25 hits in 6 passages")
        #expect(results.summary == "25 hits in 6 passages · 2 chapters, 4 sources")
        #expect((0 ..< results.passageCount).map { results.unit(ofPassage: $0) } == units)
        #expect((0 ..< results.passageCount).flatMap { Array(results.hitRange(ofPassage: $0)) } == Array(results.indices))
        for p in 0 ..< results.passageCount {
            let range = results.hitRange(ofPassage: p)
            #expect(range.allSatisfy { results[$0].unit == units[p] && results.passage(ofHit: $0) == p })
            #expect(results.hitRange(inUnit: units[p]) == range && results.passage(ofUnit: units[p]) == p)
        }
        #expect(results.passage(ofUnit: 0) == nil)
        // Groups count their passages, which follow one another.
        #expect(results.groups.map(\.passageCount).reduce(0, +) == 6)
        for group in results.groups {
            #expect(group.passageRange.allSatisfy { results.hitRange(ofPassage: $0).allSatisfy(group.hitRange.contains) })
        }
        #expect(zip(results.groups, results.groups.dropFirst()).allSatisfy { $0.passageRange.upperBound == $1.firstPassage })
        // One hit is one passage, in the singular.
        #expect(index.search("uritzky").countLabel == "1 hit in 1 passage")
        #expect(index.search("zzzz").countLabel == "No hits" && index.search("zzzz").passageCount == 0)
    }

    @Test func steppingAndHighlighting() {
        let results = index.search("trotsky")
        let i = results.count / 2
        let hit = results[i]
        #expect(results.firstHit(atOrAfter: hit.unit, offset: hit.offset) == i)
        #expect(results.firstHit(atOrAfter: hit.unit, offset: hit.offset + 1) == i + 1)
        #expect(results.lastHit(before: hit.unit, offset: hit.offset) == i - 1)
        #expect(results.lastHit(before: 0, offset: 0) == nil)
        #expect(results.firstHit(atOrAfter: index.units.count - 1, offset: Int.max) == nil)
        let inUnit = results.hits(inUnit: hit.unit)
        #expect(inUnit.contains(hit))
        #expect(inUnit == Naive.term("trotsky", in: [index.units[hit.unit]], caseSensitive: false)
            .map { SearchHit(unit: $0.unit, offset: $0.offset, length: $0.length) })
        #expect(results.map { $0 } == results.map { $0 }.sorted())
    }

    @Test func syntheticCorpusRepeatsTheBook() {
        let corpus = SearchBenchmark.syntheticCorpus(from: TestBook.document, copies: 3)
        let big = SearchIndex(document: corpus)
        #expect(big.search("kronst").count == 3 * 28)
        #expect(big.search("in:sources trial").count == 3 * index.search("in:sources trial").count)
        #expect(big.units.count == 3 * index.units.count - 2 * 2)  // title and sources heading once
        let last = big.search("kronst")[83]
        #expect(big.position(of: last).line == index.position(of: index.search("kronst")[27]).line + 2 * 752)
    }

    @Test func benchmarkRunsEveryKeystroke() {
        let report = SearchBenchmark.run(document: TestBook.document, queries: ["kr", "\"a b"], rounds: 2)
        #expect(report.samples == 2 * 6)
        #expect(report.units == index.units.count)
        #expect(report.p50 <= report.p99 && report.p99 <= report.max)
    }
}

@Suite("Search rules on small texts")
struct SearchRuleTests {
    @Test func wordStartsOnly() {
        let index = SearchIndex(units: units(["Stalenin and the Leninist", "lenin", "kronstadt"]))
        let results = index.search("lenin")
        #expect(results.map { $0 } == [SearchHit(unit: 0, offset: 17, length: 5), SearchHit(unit: 1, offset: 0, length: 5)])
        #expect(index.search("kronst").map { $0 } == [SearchHit(unit: 2, offset: 0, length: 6)])
        #expect(index.search("tadt").isEmpty)
    }

    @Test func dashesAndQuotes() {
        let index = SearchIndex(units: units(["in 1917\u{2013}1921 and 1905\u{2014}7", "He said \u{201C}no\u{201D} twice"]))
        #expect(index.search("1917-1921").map { $0 } == [SearchHit(unit: 0, offset: 3, length: 9)])
        #expect(index.search("1905-7").map { $0 } == [SearchHit(unit: 0, offset: 17, length: 6)])
        // A straight quote in a term stands for a curly one (a leading quote opens a phrase).
        #expect(index.search("no\"").map { $0 } == [SearchHit(unit: 1, offset: 9, length: 3)])
    }

    @Test func foldingThatChangesLengthKeepsOriginalOffsets() {
        let index = SearchIndex(units: units(["Cœur… œuvre cafe\u{0301} Straße x"]))
        // C œ u r … _ œ u v r e _ c a f e ́ _ S t r a ß e _ x
        // 0 1 2 3 4 5 6 7 8 9 10 11 ...
        #expect(index.search("oeuvre").map { $0 } == [SearchHit(unit: 0, offset: 6, length: 5)])
        #expect(index.search("o").map { $0 } == [SearchHit(unit: 0, offset: 6, length: 1)])
        // The combining accent belongs to its `e`, so it is part of the hit.
        #expect(index.search("cafe").map { $0 } == [SearchHit(unit: 0, offset: 12, length: 5)])
        #expect(index.search("caf").map { $0 } == [SearchHit(unit: 0, offset: 12, length: 3)])
        #expect(index.search("cafe ").isEmpty == false)
        #expect(index.search("strasse").map { $0 } == [SearchHit(unit: 0, offset: 18, length: 6)])
        #expect(index.search("x").map { $0 } == [SearchHit(unit: 0, offset: 25, length: 1)])
        #expect(index.search("Coeur...").map { $0 } == [SearchHit(unit: 0, offset: 0, length: 5)])
    }

    @Test func phraseAllowsPunctuationBetweenWordsInOrder() {
        let index = SearchIndex(units: units(["permanent, revolution", "permanent big revolution", "revolution permanent",
                                              "permanently revolutionary"]))
        #expect(index.search("\"permanent revolution\"").map { $0 } == [SearchHit(unit: 0, offset: 0, length: 21)])
        #expect(index.search("\"permanent revolution").map(\.unit) == [0])
        #expect(index.search("\"permanent revol").map(\.unit) == [0])
    }

    @Test func multiWordHitsAreMergedInBookOrder() {
        let index = SearchIndex(units: units(["b a b", "a only", "b only"]))
        #expect(index.search("a b").map { $0 } == [SearchHit(unit: 0, offset: 0, length: 1), SearchHit(unit: 0, offset: 2, length: 1),
                                                   SearchHit(unit: 0, offset: 4, length: 1)])
        // Overlapping hits of two terms become one.
        #expect(index.search("only onl").map { $0 } == [SearchHit(unit: 1, offset: 2, length: 4), SearchHit(unit: 2, offset: 2, length: 4)])
        let overlap = SearchIndex(units: units(["Leninist"]))
        #expect(overlap.search("len lenin").map { $0 } == [SearchHit(unit: 0, offset: 0, length: 5)])
    }

    @Test func snippets() {
        let text = "The quick brown fox jumps over the lazy dog\nand then\u{0007}sleeps all afternoon long."
        let index = SearchIndex(units: units([text]))
        let hit = index.search("lazy")[0]
        let snippet = index.snippet(for: hit, width: 30)
        #expect(snippet.match == "lazy")
        let total = (snippet.left + snippet.match + snippet.right).unicodeScalars.count
        #expect(total <= 30)
        #expect(snippet.leftTruncated && snippet.rightTruncated)
        #expect(!snippet.left.hasPrefix(" ") && text.replacingNewlines().contains(snippet.left + snippet.match + snippet.right))
        #expect(!(snippet.left + snippet.right).unicodeScalars.contains { $0.value < 0x20 })
        // Word boundaries: the context begins and ends with whole words of the text.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{0007}" }).map(String.init)
        #expect(words.contains(String(snippet.left.split(separator: " ").first ?? "")))
        #expect(words.contains(String(snippet.right.split(separator: " ").last ?? "")))
        let wide = index.snippet(for: hit, width: 200)
        #expect(!wide.leftTruncated && !wide.rightTruncated)
        #expect(wide.left + wide.match + wide.right == "The quick brown fox jumps over the lazy dog and then sleeps all afternoon long.")
        let narrow = index.snippet(for: hit, width: 2)
        #expect(narrow.match == "la" && narrow.left.isEmpty && narrow.right.isEmpty)
        #expect(index.snippet(for: hit, width: 0).match.isEmpty)
    }

    @Test func peopleWhoseNamesMatch() {
        let people = [PersonCandidate(name: "Leon Trotsky", aliases: ["Lev Davidovich Bronstein", "L. D."]),
                      PersonCandidate(name: "Natalia Sedova", aliases: ["Natasha"]),
                      PersonCandidate(name: "Lev Sedov"),
                      PersonCandidate(name: "Joseph Stalin", aliases: ["Koba"])]
        #expect(SearchQuery("lev").matchingPeople(people).map(\.index) == [0, 2])
        #expect(SearchQuery("lev dav").matchingPeople(people).map(\.form) == ["Lev Davidovich Bronstein"])
        #expect(SearchQuery("sedov").matchingPeople(people).map(\.index) == [1, 2])
        #expect(SearchQuery("Sedova").matchingPeople(people).map(\.index) == [1])
        #expect(SearchQuery("sedova").matchingPeople(people).map(\.index) == [1])
        #expect(SearchQuery("SEDOV").matchingPeople(people).isEmpty)
        #expect(SearchQuery("tal").matchingPeople(people).isEmpty)
        #expect(SearchQuery("").matchingPeople(people).isEmpty)
        #expect(SearchQuery("koba in:sources").matchingPeople(people).map(\.index) == [3])
    }
}

private extension String {
    func replacingNewlines() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
    }
}
