@testable import IskraCore
import Testing

// The bundled book's dates were listed by `iskra timeline` and read one by one against the
// text (see the report of issue 14); positions here are found in the file's own lines, not
// copied from the code's output.

enum DatesBook {
    static let dates = BookDates(book: EvidenceBook.book, catalog: EvidenceBook.catalog)

    /// 1-based column (in scalars) of `needle` on file line `line`, the `occurrence`th time.
    static func column(of needle: String, line: Int, occurrence: Int = 1) -> Int {
        let text = TestBook.lines[line - 1]
        var from = text.startIndex
        var found: Range<String.Index>?
        for _ in 0..<occurrence {
            found = text[from...].range(of: needle)
            from = found!.upperBound
        }
        return text.unicodeScalars.distance(from: text.startIndex, to: found!.lowerBound) + 1
    }

    static func at(_ line: Int, _ column: Int) -> [DatedPassage] {
        dates.dates.filter { $0.line == line && $0.column == column }
    }

    /// A small book's dates (with an optional register).
    static func make(_ body: String, register: String? = nil) -> (Book, BookDates) {
        let document = Parser.parse(bytes: Array(("A Book\n\nChapter One\n\n" + body + "\n").utf8), path: "test.txt")
        let book = Book(document: document, register: register.map { try! PeopleRegister.parse($0) })
        return (book, BookDates(book: book))
    }

    static func isos(_ body: String, register: String? = nil) -> [String] {
        make(body, register: register).1.dates.map(\.iso)
    }
}

@Suite("Dates: the bundled book")
struct BookDatesBundledTests {
    @Test func countsByKind() {
        let dates = DatesBook.dates.dates
        #expect(dates.count == 190)
        #expect(dates.filter { $0.kind == .event }.count == 123)
        #expect(dates.filter { $0.kind == .source }.count == 38)
        #expect(dates.filter { $0.kind == .publication }.count == 29)
        #expect(dates.filter { $0.precision == .day }.count == 44)
        #expect(dates.filter { $0.precision == .month }.count == 34)
    }

    @Test func theBirth() throws {
        let column = DatesBook.column(of: "7th November, 1879", line: 5)
        let date = try #require(DatesBook.at(5, column).first)
        #expect(date.text == "7th November, 1879" && date.length == 18)
        #expect(date.iso == "1879-11-07" && date.precision == .day && date.kind == .event)
        #expect(date.container == .chapter(0))
        let unit = EvidenceBook.book.units[date.unit]
        #expect(EvidenceText.slice(unit.text, date.range) == "7th November, 1879")
        #expect(date.context.contains("was born in Yanovka, Russia, on 7th November, 1879."))
    }

    @Test func monthDayYearOrder() throws {
        let column = DatesBook.column(of: "August 28, 1940", line: 550)
        let date = try #require(DatesBook.at(550, column).first)
        #expect(date.iso == "1940-08-28" && date.text == "August 28, 1940")
        // Source 34's header: its date of writing, as the catalog has it.
        #expect(date.kind == .source && date.container == .source(33))
        let other = try #require(DatesBook.at(621, DatesBook.column(of: "November 7, 1928", line: 621)).first)
        #expect(other.iso == "1928-11-07" && other.kind == .event)
    }

    @Test func writtenRangesGiveBothYears() throws {
        let pairs: [(line: Int, text: String, years: [String])] = [
            (59, "1905-06", ["1905", "1906"]), (458, "1908-09", ["1908", "1909"]), (492, "1917-8", ["1917", "1918"]),
        ]
        for pair in pairs {
            let found = DatesBook.at(pair.line, DatesBook.column(of: pair.text, line: pair.line))
            #expect(found.map(\.iso) == pair.years)
            #expect(found.map(\.part) == [.start, .end])
            #expect(found.allSatisfy { $0.text == pair.text && $0.kind == .event })
        }
    }

    @Test func publicationYearsOfCitedWorks() throws {
        // "Red October: The Bolshevik Revolution of 1917 (1967)": 1967 is when the book
        // appeared; 1917 ends its title and is no date.
        let title = DatesBook.column(of: "1917 (1967)", line: 33)
        #expect(DatesBook.at(33, title).isEmpty)
        #expect(DatesBook.dates.rejected.contains { $0.text == "1917" && $0.reason == .inTitle })
        let published = try #require(DatesBook.at(33, title + 6).first)
        #expect(published.iso == "1967" && published.kind == .publication && published.text == "1967")
        // "Stalin (1941) was published after his death."
        let stalin = try #require(DatesBook.at(344, DatesBook.column(of: "1941", line: 344)).first)
        #expect(stalin.kind == .publication)
        // "You Can't Print That! (1929)" is source 17's own date.
        let duranty = try #require(DatesBook.at(426, DatesBook.column(of: "1929", line: 426)).first)
        #expect(duranty.kind == .source)
        // The daughters' years of birth follow their names: events, not publications.
        let zinaida = try #require(DatesBook.at(17, DatesBook.column(of: "1901", line: 17)).first)
        #expect(zinaida.kind == .event)
        // A source's own text: "was first published by the Soviet government in 1924" is source 22's date.
        let encyclopaedia = try #require(DatesBook.at(448, DatesBook.column(of: "1924", line: 448)).first)
        #expect(encyclopaedia.kind == .source)
    }

    @Test func sourceHeaderDatesAreTheCatalogs() {
        let book = EvidenceBook.book
        for entry in EvidenceBook.catalog.entries {
            let header = book.sourceUnits[entry.index].lowerBound
            let written = DatesBook.dates.dates(inUnit: header).filter { $0.kind == .source }
            if let date = entry.date {
                #expect(written.count == 1, "source \(entry.number)")
                #expect(written.first?.key == date.key && written.first?.range == date.range, "source \(entry.number)")
            } else {
                #expect(written.isEmpty, "source \(entry.number)")
            }
        }
        let gorky = DatesBook.at(378, DatesBook.column(of: "7th November, 1917", line: 378))
        #expect(gorky.map(\.iso) == ["1917-11-07"] && gorky.first?.kind == .source)
        // Only header dates are source dates.
        #expect(DatesBook.dates.dates.allSatisfy { $0.kind != .source || book.units[$0.unit].kind == .sourceHeader })
    }

    @Test func namesWithAMonthAreNotDates() {
        let book = EvidenceBook.book
        for name in ["October Revolution", "April Theses", "July Days", "October Manifesto", "February Revolution",
                     "October revolution", "Lessons of October", "the October days"] {
            var seen = 0
            for unit in book.units {
                let scalars = Array(unit.text.unicodeScalars), needle = Array(name.unicodeScalars)
                guard scalars.count >= needle.count else { continue }
                for start in 0...(scalars.count - needle.count) where Array(scalars[start..<(start + needle.count)]) == needle {
                    seen += 1
                    #expect(DatesBook.dates.dates(inUnit: unit.id).allSatisfy { !$0.range.overlaps(start..<(start + needle.count)) },
                            "\(name) at line \(unit.line)")
                }
            }
            #expect(seen > 0, "\(name) is in the book")
        }
        // "In April, when we had to leave our house" and "on 23rd September, he was elected"
        // name no year in their sentence: not dates.
        #expect(DatesBook.at(74, DatesBook.column(of: "April", line: 74)).isEmpty)
        #expect(DatesBook.at(96, DatesBook.column(of: "23rd September", line: 96)).isEmpty)
    }

    @Test func numbersThatAreNotYearsAreNotDates() {
        // Counts, times, source numbers.
        for (line, text) in [(194, "4,127"), (37, "110,000"), (163, "6,300"), (576, "6.30")] {
            let column = DatesBook.column(of: text, line: line)
            #expect(DatesBook.dates.dates.allSatisfy { $0.line != line || $0.column + $0.length <= column || $0.column >= column + text.count })
        }
        // Every date has a year in it or takes one from its sentence.
        #expect(DatesBook.dates.dates.allSatisfy { date in
            date.text.split(whereSeparator: { !$0.isNumber }).contains { $0.count == 4 } || date.yearRange != nil
                || date.part == .end
        })
    }

    @Test func everyFourDigitNumberIsADateOrRejectedForAReason() {
        // The accounting of issue 14: each 4-digit number of the file is a date's year (or
        // the start of a range) or a rejected number; nothing is lost silently.
        var numbers: [(line: Int, column: Int)] = []
        for (i, line) in TestBook.lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            var k = 0
            while k < scalars.count {
                guard scalars[k].properties.numericType != nil else { k += 1; continue }
                var end = k
                while end < scalars.count, scalars[end].properties.numericType != nil { end += 1 }
                let joined = (k > 0 && (scalars[k - 1] == "," || scalars[k - 1] == ".") && k > 1 && scalars[k - 2].properties.numericType != nil)
                    || (end < scalars.count - 1 && (scalars[end] == "," || scalars[end] == ".") && scalars[end + 1].properties.numericType != nil)
                if end - k == 4 && !joined { numbers.append((i + 1, k + 1)) }
                k = end
            }
        }
        #expect(numbers.count == 189)
        let book = EvidenceBook.book
        var covered = 0
        for number in numbers {
            let inDate = DatesBook.dates.dates.contains { date in
                let lineText = Array(TestBook.lines[date.line - 1].unicodeScalars)
                return date.line == number.line && date.column <= number.column
                    && number.column + 4 <= date.column + min(date.length, lineText.count - date.column + 1)
            }
            let rejected = DatesBook.dates.rejected.contains { r in
                book.units[r.unit].paragraph.position(ofScalarOffset: r.range.lowerBound) == (number.line, number.column)
            }
            #expect(inDate != rejected, "line \(number.line) column \(number.column)")
            if inDate { covered += 1 }
        }
        #expect(covered == 185)
        #expect(DatesBook.dates.rejected.count == 4)
    }

    @Test func contextsAreShortClausesHoldingTheDate() {
        for date in DatesBook.dates.dates {
            #expect(date.context.count <= 104, "\(date.line): \(date.context)")
            #expect(date.context.contains(date.text), "\(date.line): \(date.context)")
            #expect(!date.context.hasPrefix(" ") && !date.context.hasSuffix(" "))
            let scalars = Array(date.context.unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[date.contextRange])) == date.text)
        }
        // Cut at the quotation's colon, not at a title's.
        let autumn = DatesBook.at(21, DatesBook.column(of: "1902", line: 21))
        #expect(autumn.first?.context.hasPrefix("The autumn of 1902 was marked") == true)
    }

    @Test func chronologyAndGroups() {
        let dates = DatesBook.dates
        let sorted = dates.sorted()
        #expect(sorted.count == dates.dates.count)
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { !($1.key < $0.key) })
        // Equal keys keep book order.
        let nineteen05 = sorted.filter { $0.key == DateKey(year: 1905) }
        #expect(zip(nineteen05, nineteen05.dropFirst()).allSatisfy { ($0.unit, $0.range.lowerBound) < ($1.unit, $1.range.lowerBound) })
        let groups = dates.byYear(kinds: [.event])
        #expect(groups.first?.year == 1871 && groups.contains { $0.year == 1905 })
        #expect(groups.allSatisfy { group in group.dates.allSatisfy { $0.key.year == group.year && $0.kind == .event } })
        #expect(dates.sorted(kinds: [.publication]).first?.iso == "1905")
    }

    @Test func chapterSpansOfEventYears() {
        let book = EvidenceBook.book
        // The opening chapter: born 1879, escaped in 1902 (the 1930 of My Life is a publication).
        #expect(DatesBook.dates.eventYears(inChapter: 0, of: book) == 1879...1902)
        #expect(BookDates.spanText(1879...1902) == "1879\u{2013}1902" && BookDates.spanText(1917...1917) == "1917")
        let chapter = DatesBook.dates.dates(inChapter: 0, of: book)
        #expect(chapter.allSatisfy { $0.container == .chapter(0) } && chapter.count == 8)
        #expect(DatesBook.dates.dates(inSource: 33, of: book).map(\.iso) == ["1940-08-28"])
    }

    @Test func datesNamingAPerson() throws {
        let people = EvidenceBook.book.people
        let lev = try #require(people.index(ofID: "lev-sedov"))
        let dates = DatesBook.dates.dates(namingPerson: lev, people: people)
        #expect(dates.contains { $0.line == 326 && $0.iso == "1937" })
        let units = Set(people.units(mentioning: lev))
        #expect(dates.allSatisfy { units.contains($0.unit) })
    }

    @Test func agesFromTheRegister() throws {
        let people = EvidenceBook.book.people
        let trotsky = people.people[try #require(people.index(ofID: "leon-trotsky"))]
        #expect(trotsky.age(at: DateKey(year: 1905, month: 1, day: 22))?.text == "25")
        #expect(trotsky.age(at: DateKey(year: 1905, month: 11, day: 6))?.years == 25...25)
        #expect(trotsky.age(at: DateKey(year: 1905, month: 11, day: 7))?.years == 26...26)
        #expect(trotsky.age(at: DateKey(year: 1905, month: 11))?.text == "25\u{2013}26")
        #expect(trotsky.age(at: DateKey(year: 1905))?.isExact == false)
        #expect(trotsky.age(at: DateKey(year: 1879, month: 10)) == nil)
        #expect(trotsky.age(at: DateKey(year: 1941)) == nil)
        #expect(trotsky.age(at: DateKey(year: 1940, month: 8, day: 28)) == nil)
        #expect(trotsky.age(at: DateKey(year: 1940, month: 8, day: 20))?.text == "60")
        // Year-only register dates: two ages possible.
        let lenin = people.people[try #require(people.index(ofID: "lenin"))]
        #expect(lenin.age(at: DateKey(year: 1917, month: 11, day: 7))?.years == 46...47)
        #expect(DateKey.parse(iso: "1879-11-07") == DateKey(year: 1879, month: 11, day: 7))
        #expect(DateKey.parse(iso: "c. 1880") == nil && DateKey.parse(iso: "1917-13") == nil)
    }
}

@Suite("Dates: the rules, on small books")
struct BookDatesRuleTests {
    @Test func dayAndMonthTakeTheYearOfTheirSentenceOnly() throws {
        let (_, dates) = DatesBook.make("On 6th November the Bolsheviks rose in Petrograd, as Lenin had planned in 1917.")
        let day = try #require(dates.dates.first { $0.precision == .day })
        #expect(day.iso == "1917-11-06" && day.text == "6th November" && day.yearRange != nil)
        #expect(dates.dates.map(\.iso) == ["1917-11-06", "1917"])
        // The year before it in the sentence counts too; the next sentence's does not.
        #expect(DatesBook.isos("In 1917 the rising came on 6th November at night.") == ["1917", "1917-11-06"])
        #expect(DatesBook.isos("On 6th November the Bolsheviks rose. That was in 1917.") == ["1917"])
        #expect(DatesBook.isos("On 6th November the Bolsheviks rose.") == [])
        // The nearest year wins: 1918 follows closer than 1917 precedes.
        #expect(DatesBook.isos("Long after 1905, and after exile and war, on 3rd March the treaty of 1918 was signed.")
                == ["1905", "1918-03-03", "1918"])
        #expect(DatesBook.isos("After 1917, and on 3rd March, the treaty of 1918 was signed.") == ["1917", "1917-03-03", "1918"])
        // Month first, a day range, a month alone after a word of time.
        #expect(DatesBook.isos("They met on May 24 at the border in 1940.") == ["1940-05-24", "1940"])
        #expect(DatesBook.isos("On the night of 13-14 February they fled, in 1938.") == ["1938-02-13", "1938-02-14", "1938"])
        #expect(DatesBook.isos("In July the party was banned, a blow in 1917.") == ["1917-07", "1917"])
        // "St." ends no sentence; a sentence without a digit between two with one changes nothing.
        #expect(DatesBook.isos("On 6th November they rose in St. Petersburg, as planned in 1917.") == ["1917-11-06", "1917"])
        #expect(DatesBook.isos("In 1917 they rose. Nothing happened later. On 7th May it rained in 1918.")
                == ["1917", "1918-05-07", "1918"])
        // A publication's year is never lent to a day: it is not when things happened.
        #expect(DatesBook.isos("On 6th November he read Red October (1967) again.") == ["1967"])
    }

    @Test func fullDatesInEveryOrder() {
        #expect(DatesBook.isos("He was born on 7th November, 1879, in Yanovka.") == ["1879-11-07"])
        #expect(DatesBook.isos("He died on August 21, 1940 in Coyoacán.") == ["1940-08-21"])
        #expect(DatesBook.isos("On 23 January 1905 I returned.") == ["1905-01-23"])
        #expect(DatesBook.isos("It was not until the 17th of March, 1921 that they came.") == ["1921-03-17"])
        #expect(DatesBook.isos("The train left on Nov. 7, 1917 at dawn.") == ["1917-11-07"])
        #expect(DatesBook.isos("In October, 1917, and again in January 1918, they met.") == ["1917-10", "1918-01"])
        #expect(DatesBook.isos("On Sunday morning, December 7, 1941- On that day the news came.") == ["1941-12-07"])
        // A day that the month cannot have is no day: the month and year stand.
        #expect(DatesBook.isos("On 31st February, 1917, nothing happened.") == ["1917-02"])
    }

    @Test func writtenRanges() throws {
        #expect(DatesBook.isos("The leaders of 1905-06 were exiled.") == ["1905", "1906"])
        #expect(DatesBook.isos("In the first winter of 1917-8 he met Stalin.") == ["1917", "1918"])
        #expect(DatesBook.isos("The war of 1914\u{2013}1918 ended it.") == ["1914", "1918"])
        #expect(DatesBook.isos("The crisis of 1899-00 came and went in 1900.") == ["1899", "1900", "1900"])
        #expect(DatesBook.isos("The winter of 1917/18 was hard.") == ["1917", "1918"])
        let (_, dates) = DatesBook.make("The leaders of 1905-06 were exiled.")
        #expect(dates.dates.allSatisfy { $0.text == "1905-06" && $0.length == 7 })
    }

    @Test func numbersThatAreNotYears() {
        #expect(DatesBook.isos("Over 1,000 men and 1500 sailors marched in 1905.") == ["1905"])
        #expect(DatesBook.isos("His car came at 6.30 and left at 16.30 in 1920.") == ["1920"])
        #expect(DatesBook.isos("The order came at 1630 hours in 1920.") == ["1920"])
        #expect(DatesBook.isos("See page 1905 and No. 1917 of the files, written in 1920.") == ["1920"])
        #expect(DatesBook.isos("In the 1920s and the 1930's he wrote in 1925.") == ["1925"])
        #expect(DatesBook.isos("It cost $1917 in 1917.") == ["1917"])
        #expect(DatesBook.isos("The source (12) says so, in 1917.") == ["1917"])
        // Without a cue a number is a year only near the years the book's cues give.
        #expect(DatesBook.isos("1904 was a bad year. In 1905 they rose.") == ["1904", "1905"])
        #expect(DatesBook.isos("Some 1200 came. In 1905 they rose.") == ["1905"])
        let (_, dates) = DatesBook.make("Some 1200 came. In 1905 they rose.")
        #expect(dates.rejected.map(\.reason) == [.outsideSpan])
    }

    @Test func namesWithAMonth() {
        #expect(DatesBook.isos("The October Revolution of 1917 and the April Theses came first.") == ["1917"])
        #expect(DatesBook.isos("After the July Days of 1917, he may march on.") == ["1917"])
        #expect(DatesBook.isos("The lessons of October were clear to him in 1924.") == ["1924"])
        // "the October 1917 Revolution" states a month and year: a date.
        #expect(DatesBook.isos("He organised the October 1917 Revolution.") == ["1917-10"])
    }

    @Test func kinds() {
        func kinds(_ body: String, register: String? = nil) -> [String] {
            DatesBook.make(body, register: register).1.dates.map { "\($0.iso) \($0.kind.rawValue)" }
        }
        #expect(kinds("Robert Daniels, the author of Red October (1967), argued it in 1917.")
                == ["1967 publication", "1917 event"])
        #expect(kinds("His history was first published in 1930, after he left in 1929.")
                == ["1930 publication", "1929 event"])
        #expect(kinds("In 1921 she published her pamphlet.") == ["1921 event"])
        #expect(kinds("Stalin (1941) was published after his death.") == ["1941 publication"])
        #expect(kinds("His book You Can't Print That! (1929) sold well.") == ["1929 publication"])
        // A person's years are events, where the register names them.
        let register = "person: zina\nname: Zinaida Volkova\n"
        #expect(kinds("She had a daughter, Zinaida Volkova (1901), in Siberia.", register: register) == ["1901 event"])
        #expect(kinds("A Balance Sheet (1967) came later; the purge (1937) came first.")
                == ["1967 publication", "1937 event"])
    }

    @Test func sourceHeadersGiveTheSourceDate() {
        let (book, dates) = DatesBook.make("""
            Paragraph of story in 1917.

            Primary Sources

            (1) Maxim Gorky, New Life (7th November, 1917)

            The text of 1905.

            (2) In March, 1937, Leon Trotsky wrote an article about 1921.

            Its text.
            """)
        #expect(dates.dates.map { "\($0.iso) \($0.kind.rawValue)" } == [
            "1917 event", "1917-11-07 source", "1905 event", "1937-03 source", "1921 event",
        ])
        #expect(dates.dates[1].container == .source(0) && book.units[dates.dates[1].unit].kind == .sourceHeader)
        let json = BookDates.json(dates.dates, document: book.document).serialized()
        #expect(json.contains("\"kind\":\"source\",\"source\":1,"))
        #expect(json.contains("\"kind\":\"event\",\"chapter\":0,"))
    }

    @Test func positionsInAHardWrappedParagraph() throws {
        // The title is line 1, the heading line 3; the paragraph starts on line 5.
        let (_, dates) = DatesBook.make("He was born in the village of Yanovka\nin the south, on 7th November, 1879.")
        let date = try #require(dates.dates.first)
        #expect(date.line == 6 && date.column == 18 && date.length == 18)
        // At most 40 characters before the date, cut at a whole word.
        #expect(date.context == "\u{2026}village of Yanovka in the south, on 7th November, 1879.")
        let scalars = Array(date.context.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[date.contextRange])) == "7th November, 1879")
    }

    @Test func aParagraphOfMegabytesIsReadInStretches() {
        // Over one stretch (256 KB): dates on both sides of the cut, none lost or doubled.
        let sentence = "In 1905 the workers rose, and on 9th January they marched in 1905 again. "
        let body = String(repeating: sentence, count: (DateExtractor.chunkBytes / sentence.utf8.count) * 2 + 7)
        let (book, dates) = DatesBook.make(body)
        let count = body.utf8.count / sentence.utf8.count
        #expect(dates.dates.count == count * 3)
        #expect(dates.dates.filter { $0.precision == .day }.allSatisfy { $0.iso == "1905-01-09" })
        let unit = book.units[dates.dates.last!.unit]
        #expect(EvidenceText.slice(unit.text, dates.dates.last!.range) == "1905")
    }
}

enum EvidenceText {
    static func slice(_ text: String, _ range: Range<Int>) -> String {
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[range]))
    }
}

@Suite("Ages end at death")
struct AgeAtDeathTests {
    @Test func theYearOfDeathGivesTheAgeAtDeathAndNoMore() throws {
        let trotsky = try #require(PeopleBook.register.people.first { $0.name == "Leon Trotsky" })
        // Born 7 Nov 1879, died 21 Aug 1940: in 1940 he was 60, never 61.
        #expect(trotsky.age(at: DateKey(year: 1940))?.text == "60")
        #expect(trotsky.age(at: DateKey(year: 1905))?.text == "25\u{2013}26")
        #expect(trotsky.age(at: DateKey(year: 1905, month: 1, day: 22))?.text == "25")
        #expect(trotsky.age(at: DateKey(year: 1941)) == nil)
    }
}
