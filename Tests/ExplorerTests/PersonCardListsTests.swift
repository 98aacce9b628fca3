import IskraCore
import Testing
import TextUI
@testable import Explorer

/// A card's "Where" and "Named with" lists, checked against the mentions counted directly.
@Suite("Person card: where and named with")
struct PersonCardListsTests {
    let book = Fixtures.book

    func person(named name: String) -> Int {
        book.people.people.firstIndex { $0.name == name } ?? -1
    }

    func openCard(_ state: inout AppState, _ person: Int) {
        send(&state, .character("2"))
        while state.personList.rows[state.personList.selection] != person { send(&state, .down) }
        send(&state, .enter)
    }

    /// The cursor onto the first line whose target satisfies `wanted`.
    func moveCursor(_ state: inout AppState, to wanted: (LineTarget) -> Bool) {
        let line = state.reader.lines.firstIndex { $0.target.map(wanted) ?? false }!
        while state.readerCursor! < line { send(&state, .character("j")) }
        #expect(state.readerCursor == line)
    }

    /// A Where row's parts: marker, label, title, leader, count, bar.
    func whereRows(_ layout: ReaderLayout) -> [(label: String, count: Int, first: Int)] {
        layout.lines.compactMap { line -> (label: String, count: Int, first: Int)? in
            guard case .page(let first)? = line.target else { return nil }
            return (String(line.parts[1].text.trimmingSpaces), Int(line.parts[4].text.trimmingSpaces) ?? -1, first)
        }
    }

    @Test(arguments: ["Joseph Stalin", "Leon Trotsky", "Lev Sedov", "Arthur Ransome"])
    func whereCountsEveryMentionPerChapterAndSource(name: String) {
        let index = person(named: name)
        let layout = ReaderLayout(book: book, page: .person(index), width: 48)
        let rows = whereRows(layout)
        // Counted directly: each mention's page, in book order.
        var expected: [(page: Page, count: Int, first: Int)] = []
        for mentionIndex in book.people.mentionIndices(of: index) {
            let page = book.page(ofUnit: book.people.mentions[mentionIndex].unit)
            if let last = expected.indices.last, expected[last].page == page { expected[last].count += 1 } else {
                expected.append((page, 1, mentionIndex))
            }
        }
        #expect(Set(expected.map(\.page)).count == expected.count, "pages come in book order")
        #expect(rows.map(\.count) == expected.map(\.count))
        #expect(rows.map(\.first) == expected.map(\.first))
        #expect(rows.map(\.label) == expected.map { page -> String in
            switch page.page {
            case .chapter(let i): return "Ch \(i + 1)"
            case .source(let i): return "Src \(book.document.sources[i].number)"
            case .person, .shared, .sourceCard: return "?"
            }
        })
        #expect(rows.map(\.count).reduce(0, +) == book.people.mentionCount(of: index))
    }

    @Test func stalinIsNamedMostInTheWorkersOpposition() {
        let rows = whereRows(ReaderLayout(book: book, page: .person(person(named: "Joseph Stalin")), width: 48))
        #expect(rows.count == 27)
        #expect(rows.max { $0.count < $1.count }.map { "\($0.label) \($0.count)" } == "Ch 14 23")
    }

    /// The card's lines fit the reader at 60, 80 and 120 columns (text widths 57, 48 and 78).
    @Test(arguments: [57, 48, 78])
    func theListsFitTheReader(width: Int) {
        for name in ["Leon Trotsky", "Joseph Stalin", "Natalia Sedova"] {
            let layout = ReaderLayout(book: book, page: .person(person(named: name)), width: width)
            for line in layout.lines where line.mentionColumns == nil {
                #expect(DisplayWidth.of(line.parts.map(\.text).joined()) <= width, "\(name): \(line.parts.map(\.text).joined())")
            }
        }
    }

    @Test func enterOnAWhereRowOpensThatChapterAtTheFirstMentionThere() {
        var state = Fixtures.state(80, 24)
        let stalin = person(named: "Joseph Stalin")
        openCard(&state, stalin)
        // A fresh card's cursor is on its first Where row, so Enter opens the first mention.
        #expect(state.readerCursor == state.reader.selectableLines.first)
        moveCursor(&state) { if case .page(let first) = $0 { book.page(ofUnit: book.people.mentions[first].unit) == .chapter(13) } else { false } }
        send(&state, .enter)
        let first = book.people.mentionIndices(of: stalin).first { book.page(ofUnit: book.people.mentions[$0].unit) == .chapter(13) }!
        let mention = book.people.mentions[first]
        #expect(state.page == .chapter(13))
        #expect(state.focusSpan == FocusSpan(unit: mention.unit, range: mention.offset ..< (mention.offset + mention.length)))
        #expect(state.stepping == .person(stalin, mention: book.people.mentionIndices(of: stalin).firstIndex(of: first)!))
        // n goes on to his next mention, wherever it is.
        send(&state, .character("n"))
        #expect(state.focusSpan?.unit == book.people.mentions[book.people.mentionIndices(of: stalin)[state.stepping.map { if case .person(_, let m) = $0 { m } else { -1 } }!]].unit)
        send(&state, .backspace)
        #expect(state.page == .person(stalin))
    }

    @Test func namedWithListsTheMostSharedPassagesFirst() {
        let stalin = person(named: "Joseph Stalin")
        let layout = ReaderLayout(book: book, page: .person(stalin), width: 78)
        let rows = layout.lines.compactMap { line -> (Int, Int)? in
            guard case .shared(let other)? = line.target else { return nil }
            return (other, Int(line.parts[4].text.trimmingSpaces) ?? -1)
        }
        #expect(rows.count == PersonCard.maxCompany)
        #expect(rows.map(\.0).prefix(3).map { book.people.people[$0].name } == ["Leon Trotsky", "Vladimir Lenin", "Gregory Zinoviev"])
        for (other, count) in rows {
            #expect(count == sharedUnitsCountedDirectly(stalin, other).count)
        }
        #expect(rows.map(\.1) == rows.map(\.1).sorted(by: >))
    }

    /// The units holding a mention of each of the two, from the mention list itself.
    func sharedUnitsCountedDirectly(_ a: Int, _ b: Int) -> [Int] {
        var people: [Int: Set<Int>] = [:]
        for mention in book.people.mentions { people[mention.unit, default: []].insert(mention.person) }
        return people.keys.filter { people[$0]!.isSuperset(of: [a, b]) }.sorted()
    }

    @Test func namedWithOpensTheExactPassagesSharedAndNStepsThroughThem() {
        var state = Fixtures.state(120, 40)
        let stalin = person(named: "Joseph Stalin"), lenin = person(named: "Vladimir Lenin")
        openCard(&state, stalin)
        moveCursor(&state) { $0 == .shared(with: lenin) }
        send(&state, .enter)
        #expect(state.page == .shared(stalin, with: lenin))
        #expect(state.stepping == .shared(stalin, with: lenin, passage: -1))
        let expected = sharedUnitsCountedDirectly(stalin, lenin)
        #expect(expected.count == 31)
        let listed = state.reader.lines.compactMap { line -> Int? in
            guard case .mention(let index)? = line.target else { return nil }
            #expect([stalin, lenin].contains(book.people.mentions[index].person))
            return book.people.mentions[index].unit
        }
        #expect(listed == expected)
        #expect(state.reader.lines[0].parts[0].text == "NAMED TOGETHER · 31 PASSAGES")
        // Both names are highlighted, and nothing else is (a name cut by the context's edge
        // shows the part of it in view).
        var highlighted: Set<String> = []
        for line in state.reader.lines {
            guard let columns = line.mentionColumns, case .mention(let index)? = line.target else { continue }
            for part in PersonCard.mentionParts(book: book, mention: index, columns: columns) where part.role == .kwicKeyword {
                highlighted.insert(part.text)
            }
        }
        #expect(highlighted.contains("Lenin") && highlighted.contains("Joseph Stalin"))
        // Every line shows a name of each, at 80 and 60 columns too.
        for (a, b) in [(stalin, lenin), (stalin, person(named: "Gregory Zinoviev")), (person(named: "Leon Trotsky"), person(named: "Natalia Sedova"))] {
            for width in [48, 57] {
                for line in ReaderLayout(book: book, page: .shared(a, with: b), width: width).lines {
                    guard let columns = line.mentionColumns, case .mention(let index)? = line.target else { continue }
                    let parts = PersonCard.mentionParts(book: book, mention: index, columns: columns)
                    #expect(parts.filter { $0.role == .kwicKeyword }.count >= 2, "\(parts.map(\.text).joined())")
                }
            }
        }
        let forms = Set(book.people.people[stalin].forms + book.people.people[lenin].forms)
        #expect(highlighted.allSatisfy { text in forms.contains { $0.contains(text) } }, "\(highlighted.subtracting(forms))")
        // The cursor starts on the first passage; Enter opens the second, n the third.
        #expect(state.readerCursor == state.reader.selectableLines.first)
        send(&state, .character("j"), .enter)
        #expect(state.stepping == .shared(stalin, with: lenin, passage: 1))
        #expect(state.page == book.page(ofUnit: expected[1]) && state.focusSpan?.unit == expected[1])
        send(&state, .character("n"))
        #expect(state.stepping == .shared(stalin, with: lenin, passage: 2) && state.focusSpan?.unit == expected[2])
        #expect(render(state, theme: Theme(capability: .monochrome)).snapshot().contains("Joseph Stalin & Vladimir Lenin 3/31"))
        // Back: the list, with the cursor on the passage last stepped to; N from there goes
        // back through the list and wraps; back again: the card.
        send(&state, .backspace)
        #expect(state.page == .shared(stalin, with: lenin))
        #expect(state.readerCursor == state.reader.selectableLines[2])
        send(&state, .character("N"))
        #expect(state.stepping == .shared(stalin, with: lenin, passage: 1))
        send(&state, .character("N"))
        #expect(state.stepping == .shared(stalin, with: lenin, passage: 0))
        send(&state, .character("N"))
        #expect(state.stepping == .shared(stalin, with: lenin, passage: 30))
        #expect(state.notice == "Passages naming Joseph Stalin & Vladimir Lenin wrapped to the last")
        send(&state, .backspace, .backspace)
        #expect(state.page == .person(stalin))
    }
}
