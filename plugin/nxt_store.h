/* nxt_store.h - append-only arrays of small fixed-size entries in file
 * scope, in chunks that never move.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Per-frame and per-status state is kept as one entry per datagram or status
 * in such an array instead of one allocation each: no allocator header, no
 * list node, no pointer to it from the frame.  Entries never move, so a
 * pointer to one stays valid for the file's lifetime; growing copies only
 * the chunk directory.  The arrays live in file scope: the owner forgets
 * them (nxt_store_reset) in its init routine, when wmem has freed them.
 */
#ifndef NXT_STORE_H
#define NXT_STORE_H

#include "ws_compat.h"
#include <string.h>
#include <epan/wmem_scopes.h>

typedef struct {
    guint8 **chunks;   /* chunk c holds entries c << shift ... */
    guint32 nchunks;   /* chunks allocated                     */
    guint32 cap;       /* room in `chunks`                     */
    guint32 count;     /* entries appended                     */
    guint16 size;      /* bytes per entry                      */
    guint8 shift;      /* log2 of the entries per chunk        */
} nxt_store_t;

static inline void nxt_store_reset(nxt_store_t *st, guint16 size, guint8 shift)
{
    memset(st, 0, sizeof *st);
    st->size = size;
    st->shift = shift;
}

/* Entry i (0-based, i < count). */
static inline void *nxt_store_at(const nxt_store_t *st, guint32 i)
{
    return st->chunks[i >> st->shift] + (gsize)(i & ((1u << st->shift) - 1)) * st->size;
}

/* A new zeroed entry at the end; *index (if not NULL) receives its index. */
static inline void *nxt_store_append(nxt_store_t *st, guint32 *index)
{
    guint32 i = st->count;

    if ((i >> st->shift) == st->nchunks) {
        if (st->nchunks == st->cap) {
            st->cap = st->cap ? st->cap * 2 : 8;
            st->chunks = (guint8 **)wmem_realloc(wmem_file_scope(), st->chunks, st->cap * sizeof *st->chunks);
        }
        st->chunks[st->nchunks++] = (guint8 *)wmem_alloc(wmem_file_scope(), (gsize)st->size << st->shift);
    }
    st->count++;
    if (index != NULL)
        *index = i;
    return memset(nxt_store_at(st, i), 0, st->size);
}

#endif /* NXT_STORE_H */
