# annexgen: `make` builds ./annexgen, `make demo` generates the example tenders
# into out/, `make check` runs every test (see README.md).

CC ?= cc
# Warnings are errors for developers (DEVELOPER=1), in `make check` and so in
# CI, as in git; a user's plain `make` with a newer compiler only warns.
DEVELOPER ?=
STD_CFLAGS = -std=c11 -Wall -Wextra $(if $(DEVELOPER),-Werror) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS ?= -O2 -g
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# ThreadSanitizer cannot share a build with AddressSanitizer: its own objects,
# for the web server's concurrent requests (tests/serve-threads.sh).
TSAN_FLAGS = -O1 -g -fsanitize=thread
PREFIX ?= /usr/local
DESTDIR ?=
# The official schemas (ODF 1.3, ECMA-376) and validator live beside the repo.
SHARED ?= ../shared
SCHEMAS ?= $(SHARED)/schemas
export SCHEMAS SHARED

B = .build
PKGS = libxml-2.0 libzip zlib libmicrohttpd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

LIB_SRC = $(filter-out gen/main.c gen/embed.c gen/catgen.c,$(wildcard gen/*.c))
LIB_OBJ = $(patsubst gen/%.c,$(B)/%.o,$(LIB_SRC)) $(B)/embedded.o $(B)/catalog_data.o
SAN_OBJ = $(patsubst gen/%.c,$(B)/san/%.o,$(LIB_SRC)) $(B)/san/embedded.o $(B)/san/catalog_data.o
TSAN_OBJ = $(patsubst gen/%.c,$(B)/tsan/%.o,$(LIB_SRC)) $(B)/tsan/embedded.o $(B)/tsan/catalog_data.o
# gen/catgen writes the bundled catalogue as C data, so it links everything
# but that data and the function that hands it out.
CATGEN_OBJ = $(filter-out $(B)/catalog_bundled.o $(B)/catalog_data.o,$(LIB_OBJ))
TESTS = $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

# NAME=PATH pairs compiled into the binary (gen/embedded.h).
EMBED = catalog.rng=catalog/catalog.rng tender.rng=catalog/tender.rng \
	$(foreach f,$(wildcard templates/odt/*.xml templates/docx/*.xml),$(patsubst templates/%,%,$(f))=$(f)) \
	web.css=templates/web.css
EMBED_FILES = $(foreach p,$(EMBED),$(word 2,$(subst =, ,$(p))))

EXAMPLES = $(wildcard catalog/examples/*.xml)
BUNDLED = catalog/moda-public-cloud-v5.1.xml

all: annexgen

# Installs what the build and the unit tests need, when missing (the lines
# of .ci/packages marked "build"; `make check` installs the rest too).
deps:
	@sh .ci/install-packages build

$(B) $(B)/san $(B)/tsan $(B)/tests:
	@mkdir -p $@

# Objects depend on the flags they were compiled with, so that `make check`
# recompiles with -Werror what a plain `make` compiled without.
$(B)/build-flags: FORCE | $(B)
	@echo '$(CC) $(STD_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(TSAN_FLAGS) $(PKG_CFLAGS)' | cmp -s - $@ || \
	  echo '$(CC) $(STD_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(TSAN_FLAGS) $(PKG_CFLAGS)' > $@

$(B)/embed: gen/embed.c gen/sha256.c gen/sha256.h | $(B)
	$(CC) $(STD_CFLAGS) -O1 -Igen -o $@ gen/embed.c gen/sha256.c

$(B)/embedded.c: $(B)/embed $(EMBED_FILES) Makefile
	$(B)/embed $@ $(EMBED)

# The bundled catalogue, loaded with every check (an invalid one fails the
# build) and written as C data: annexgen does not parse it at run time.
$(B)/catgen: gen/catgen.c $(CATGEN_OBJ)
	$(CC) $(STD_CFLAGS) $(CFLAGS) -Igen -o $@ $< $(CATGEN_OBJ) $(PKG_LIBS)

$(B)/catalog_data.c: $(B)/catgen $(BUNDLED)
	$(B)/catgen $@ $(BUNDLED)

$(B)/catalog_data.o: $(B)/catalog_data.c gen/catalog.h gen/arena.h $(B)/build-flags
	$(CC) $(STD_CFLAGS) $(CFLAGS) -Igen -c -o $@ $<

$(B)/san/catalog_data.o: $(B)/catalog_data.c gen/catalog.h gen/arena.h $(B)/build-flags | $(B)/san
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) -Igen -c -o $@ $<

$(B)/tsan/catalog_data.o: $(B)/catalog_data.c gen/catalog.h gen/arena.h $(B)/build-flags | $(B)/tsan
	$(CC) $(STD_CFLAGS) $(TSAN_FLAGS) -Igen -c -o $@ $<

$(B)/%.o: gen/%.c gen/*.h $(B)/build-flags | $(B) deps
	$(CC) $(STD_CFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Igen -c -o $@ $<

$(B)/embedded.o: $(B)/embedded.c gen/embedded.h $(B)/build-flags
	$(CC) $(STD_CFLAGS) $(CFLAGS) -Igen -c -o $@ $<

$(B)/san/%.o: gen/%.c gen/*.h $(B)/build-flags | $(B)/san deps
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Igen -c -o $@ $<

$(B)/san/embedded.o: $(B)/embedded.c gen/embedded.h $(B)/build-flags | $(B)/san
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) -Igen -c -o $@ $<

$(B)/tsan/%.o: gen/%.c gen/*.h $(B)/build-flags | $(B)/tsan deps
	$(CC) $(STD_CFLAGS) $(TSAN_FLAGS) $(PKG_CFLAGS) -Igen -c -o $@ $<

$(B)/tsan/embedded.o: $(B)/embedded.c gen/embedded.h $(B)/build-flags | $(B)/tsan
	$(CC) $(STD_CFLAGS) $(TSAN_FLAGS) -Igen -c -o $@ $<

annexgen: $(LIB_OBJ) $(B)/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/san/annexgen: $(SAN_OBJ) $(B)/san/main.o
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/tsan/annexgen: $(TSAN_OBJ) $(B)/tsan/main.o
	$(CC) $(TSAN_FLAGS) -o $@ $^ $(PKG_LIBS)

# Test-only link flags of one test: test_compose fails allocations on
# demand through the linker's --wrap (production code is unchanged).
LDFLAGS_test_compose = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
LDFLAGS_test_package = -pthread

$(B)/tests/%: tests/%.c $(LIB_OBJ) | $(B)/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Igen -o $@ $< $(LIB_OBJ) $(PKG_LIBS) -lcmocka $(LDFLAGS_$*)

$(B)/tests/san-%: tests/%.c $(SAN_OBJ) | $(B)/tests
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Igen -o $@ $< $(SAN_OBJ) $(PKG_LIBS) -lcmocka $(LDFLAGS_$*)

demo: annexgen
	@for t in $(EXAMPLES); do ./annexgen generate "$$t" -o out || exit 1; done

# Installs every package the tests use (.ci/packages) when missing, so that
# no check is skipped for want of a tool.
check: DEVELOPER = 1
check: annexgen $(B)/san/annexgen $(B)/tsan/annexgen $(addprefix $(B)/tests/,$(TESTS)) $(addprefix $(B)/tests/san-,$(TESTS))
	@sh .ci/install-packages all
	@TESTS="$(TESTS)" B=$(B) bash tests/check.sh

# Rewrites the renderers' golden files (tests/data/golden) from what they
# make now: run it when a renderer's output changes on purpose, then review
# `git diff tests/data/golden`.
golden: $(B)/tests/test_odt $(B)/tests/test_docx
	@UPDATE_GOLDEN=1 $(B)/tests/test_odt | grep '^golden:'
	@UPDATE_GOLDEN=1 $(B)/tests/test_docx | grep '^golden:'

memcheck: annexgen
	@bash tests/memcheck.sh

# Benchmarks against pandoc, docxtemplater and the zlib floor (tests/bench/README.md).
bench:
	@$(MAKE) -s annexgen
	@bash tests/bench/run.sh

# libFuzzer harnesses (clang); FUZZ_SECONDS per harness.
FUZZ_SECONDS ?= 60
fuzz: $(B)/embedded.c $(B)/catalog_data.c
	@FUZZ_SECONDS=$(FUZZ_SECONDS) B=$(B) bash tests/fuzz/run.sh

install: annexgen
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 annexgen $(DESTDIR)$(PREFIX)/bin/annexgen
	install -m 644 gen/annexgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/annexgen.1

clean:
	rm -rf $(B) annexgen

FORCE:

.PHONY: all deps demo check golden memcheck bench fuzz install clean FORCE
.DELETE_ON_ERROR:
