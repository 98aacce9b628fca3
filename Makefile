# iskra: two commands matter. `make run` opens the explorer on the bundled book, `make test`
# runs every test. Both install missing system packages when run as root.
SWIFT ?= swift
PREFIX ?= /usr/local
BUILD_DEPS = libncurses-dev
TEST_DEPS = libncurses-dev tmux
RELEASE_BIN = .build/release/iskra

.PHONY: all build release run test bench soak install clean deps test-deps

all: build

deps:
	@scripts/ensure-deps.sh $(BUILD_DEPS)

test-deps:
	@scripts/ensure-deps.sh $(TEST_DEPS)

build: deps
	$(SWIFT) build

# The Swift runtime is linked statically: the binary runs anywhere and starts about 5 ms
# sooner (no dynamic symbol resolution of the runtime libraries).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

run: release
	$(RELEASE_BIN) $(ARGS)

# The end-to-end tests drive the debug binary in tmux, so build it before the tests run.
test: test-deps
	$(SWIFT) build
	$(SWIFT) test

# The fuzz tests with new seeds for SOAK_SECONDS each (default 300). A failure names its seed;
# after a crash the seed is in $TMPDIR/iskra-fuzz-*.seed. Replay: ISKRA_FUZZ_SEED=N swift test --filter Fuzz
SOAK_SECONDS ?= 300
soak: deps
	$(SWIFT) build --build-tests
	ISKRA_SOAK_SECONDS=$(SOAK_SECONDS) $(SWIFT) test --skip-build --filter 'ParserFuzzTests|ReducerFuzzTests|SearchFuzzTests'

# rg and GNU time are the peers and the peak-memory probe of `search --count`; bench runs without them.
bench: release
	@scripts/ensure-deps.sh ripgrep time || echo "(measuring without the missing ones)" >&2
	$(RELEASE_BIN) bench

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/iskra
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/iskra
	install -m 644 Content/* $(DESTDIR)$(PREFIX)/share/iskra/

clean:
	rm -rf .build
