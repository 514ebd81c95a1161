/* reoffsim — the agent state of one work unit: static attributes set by the
 * population generator and the dynamic state the event engine updates, as
 * arrays of small per-agent records grouped by when they are read (see the
 * layout note below). Allocated once per thread, reused across units. */
#ifndef REOFFSIM_AGENTS_H
#define REOFFSIM_AGENTS_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/error.h"

typedef enum {
    RS_STATE_NOT_ENTERED, /* before cohort start */
    RS_STATE_LIBERTY,
    RS_STATE_REMAND,
    RS_STATE_PRISON
} rs_agent_state;

/* Bits of rs_agents.flags. */
enum {
    RS_FLAG_FEMALE = 1u << 0,
    RS_FLAG_GTO = 1u << 1,
    RS_FLAG_PPO = 1u << 2,
    RS_FLAG_YOUNG = 1u << 3, /* aged 18–25 at cohort start */
    /* Not an attribute: the pending hearing's verdict, drawn when the case is
     * charged (from that case's block, so the court needs no second draw). */
    RS_FLAG_WILL_CONVICT = 1u << 6,
};
/* Set (on) or clear the bits `mask` of a flag byte (hot.flags, record.svc_flags). */
static inline void rs_flags_put(uint8_t *flags, unsigned mask, int on)
{
    *flags = (uint8_t)(on ? *flags | mask : *flags & ~mask);
}

/* Bits 4-5 of rs_agents.flags: the OGRS3 band (rs_band) at cohort start. */
#define RS_FLAG_BAND_SHIFT 4
static inline unsigned rs_agent_band(uint8_t flags) { return (flags >> RS_FLAG_BAND_SHIFT) & 3u; }

/* Kinds of service effect (each multiplies the offending hazard by its
 * kind's ratio while in force). */
typedef enum {
    RS_EFF_DRUG_TREATMENT, /* reached by a DIP referral or community routes */
    RS_EFF_TRI_TREATMENT,
    RS_EFF_KW_INTENSIVE,
    RS_EFF_KW_SUPPORT,
    RS_EFF_TAG,
    RS_EFF_GTO_IOM,
    RS_EFF_GTO_YOUNG,
    RS_EFF_GTO_WOMEN,
    RS_N_EFFECTS
} rs_effect;

/* The effects one agent is under: up to RS_EFFECT_SLOTS at once, each a
 * kind and an end day (in day ticks, day_ticks.h; 0 = the slot is free).
 * The slots in use are kept in ascending kind order, so the product of
 * their ratios is taken in the same order whatever order they started in.
 * The agent's state does not grow with the number of kinds a model has
 * (kinds are 5-bit codes, up to 31): 16 bytes for six slots. */
#define RS_EFFECT_SLOTS 6
#define RS_EFFECT_KIND_BITS 5
typedef struct {
    uint16_t until[RS_EFFECT_SLOTS];
    uint32_t kinds; /* slot k's kind in bits [5k, 5k + 5) */
} rs_agent_effects;
_Static_assert(sizeof(rs_agent_effects) == 16, "the effect slots have no padding");
_Static_assert(RS_N_EFFECTS < (1 << RS_EFFECT_KIND_BITS), "effect kinds fit their bits");
_Static_assert(RS_EFFECT_SLOTS * RS_EFFECT_KIND_BITS <= 32, "slot kinds fit one word");

static inline unsigned rs_effect_slot_kind(const rs_agent_effects *e, int k)
{
    return (e->kinds >> (RS_EFFECT_KIND_BITS * k)) & ((1u << RS_EFFECT_KIND_BITS) - 1u);
}

#define RS_RELEASE_REMAND 255

/* Bits of rs_agents.svc_flags. */
enum {
    RS_SVC_FLAG_KW_SLOT = 1u << 0,   /* holds a Tri-borough key-worker slot */
    RS_SVC_FLAG_KW_WAITING = 1u << 1,/* on the key-worker waiting list */
    RS_SVC_FLAG_KW_WOMEN = 1u << 2,  /* slot/wait is in the women's service */
    RS_SVC_FLAG_TAG_SLOT = 1u << 3,  /* holds a GPS tag */
    RS_SVC_FLAG_KW_DONE = 1u << 4,   /* has had key-worker support this sentence */
    RS_SVC_FLAG_DIP_NO_RETEST = 1u << 5, /* the pending arrest includes a missed DIP assessment:
                                            it was tested already, and is not tested again */
};

/* Times are days since the run's day 0, stored as float: at 20 years the
 * resolution is under a minute, and halving them keeps the hot state small
 * (bytes per agent, cache misses). Event times are read into doubles
 * exactly, and arithmetic on them is done in double.
 *
 * Layout: what (nearly) every event reads or writes — the six timers, the
 * offending clock, the counts and flags an offence, arrest or court case
 * uses — is one 64-byte record per agent (rs_agent_hot, one cache line,
 * aligned), so handling an event touches one line of agent state instead
 * of one per field. The rest is grouped the same way by when it is read
 * (rs_agent_profile, rs_agent_record, the effect ends): each group is an
 * array of small records, so the fields one handler reads share a line.
 * Same bytes per agent as one array per field: no record has padding. */
typedef struct {
    /* Event timers (INF if none) and spells. */
    float t_offence;      /* next offence */
    float t_arrest;       /* pending arrest */
    float t_court;        /* pending court hearing */
    float t_release;      /* entry or release from custody */
    float t_breach;       /* technical licence breach */
    float spell_start;    /* start of the current spell: at liberty, the offending
                             clock's origin; in custody, for time served */
    float t_entry;        /* cohort start day (attribute) */
    /* Offending clock (hazard.h), unscaled; haz_scale multiplies both parts. */
    float haz_base;       /* long-run propensity at the spell's start, per year */
    float haz_peak;       /* this spell's post-release elevation; while held, the
                             elevation still unspent (offending.c) */
    float haz_scale;      /* hazard_scale x frailty x needs x services in force */
    float haz_cum;        /* at liberty: cumulative intensity since spell_start at
                             t_offence; while held: the day custody began */
    uint16_t svc_next;    /* next service effect expiry, in day ticks (0: none) */
    uint16_t n_offences;  /* offences committed since entry */
    uint16_t sanctions;   /* sanctions including the index one */
    uint16_t arrest_first; /* earliest in-window offence of the pending arrest:
                              day ticks since cohort start, rounded down; RS_TICKS_NONE if none */
    uint16_t needs;       /* current needs (services can meet them) */
    uint16_t n_cases;     /* arrests since entry */
    uint8_t offence;      /* category of the latest offence (index offence first) */
    uint8_t state;        /* rs_agent_state */
    uint8_t flags;        /* RS_FLAG_*: attributes, OGRS3 band at cohort start; the
                             pending verdict */
    uint8_t risk_offence; /* OGRS3 "current offence": that of the latest sanction */
    uint8_t arrest_count, arrest_in_window; /* offences waiting on the pending arrest */
    uint8_t court_count, court_in_window;   /* and on the pending court hearing */
} rs_agent_hot;
_Static_assert(sizeof(rs_agent_hot) == 64, "the hot record is one cache line, without padding");

/* Who the agent is, read when a liberty spell starts, OGRS3 is re-scored
 * or a unit resets: cohort attributes (set by population, read-only in the
 * engine, so one cohort serves every scenario of a replicate) and the
 * release count. 16 bytes. */
typedef struct {
    float frailty;           /* gamma frailty, mean 1 */
    uint16_t age0_days;      /* age at cohort start, whole days (rs_age_years) */
    uint16_t first_age_days; /* age at first sanction, whole days */
    uint16_t sanctions0;     /* sanctions at cohort start, including the index one */
    uint16_t needs0;         /* bit j: need j present at cohort start */
    uint16_t n_releases;     /* liberty spells started */
    uint8_t disposal0;       /* cohort entry disposal */
    uint8_t offence0;        /* index offence */
} rs_agent_profile;
_Static_assert(sizeof(rs_agent_profile) == 16, "the profile has no padding");

/* The agent's record with courts, supervision and services, read by court
 * cases, releases, service hooks and the cohort tally. Days are day ticks
 * (day_ticks.h). 16 bytes. */
typedef struct {
    uint16_t licence_end;     /* supervision on licence until (rounded up; 0 none) */
    uint16_t order_end;       /* community / suspended order until (rounded up; 0 none) */
    uint16_t court_case;      /* case number behind the pending hearing */
    uint16_t court_first;     /* earliest in-window offence of the pending hearing, since
                                 cohort start, rounded down; RS_TICKS_NONE if none */
    uint16_t wait_since;      /* joined a waiting list (rounded down) */
    uint16_t proven;          /* MoJ outcome: proven reoffences in window */
    uint16_t first_reoffence; /* from cohort start to the first proven reoffence's
                                 offence (rounded down); RS_TICKS_NONE if none */
    uint8_t sentence;         /* disposal of the current/last custodial sentence */
    uint8_t svc_flags;        /* RS_SVC_FLAG_* */
} rs_agent_record;
_Static_assert(sizeof(rs_agent_record) == 16, "the record has no padding");

typedef struct {
    size_t n;        /* agents in use */
    size_t capacity; /* agents allocated */

    rs_agent_hot *hot; /* length n, 64-byte aligned */

    rs_agent_profile *profile; /* length n */
    rs_agent_record *record;   /* length n */

    /* Service effects (services/effects.c): the agent's effect slots,
     * each multiplying the offending hazard by its kind's ratio
     * (rs_services_state.effect_ratio) until its end; the next expiry is
     * hot[i].svc_next. */
    rs_agent_effects *effects;
} rs_agents;

/* Ages are drawn to the day and kept as whole days (16 bits, up to 179
 * years); in years for OGRS3. */
#define RS_DAYS_PER_YEAR 365.25
static inline double rs_age_years(uint16_t days) { return days / RS_DAYS_PER_YEAR; }

int rs_agents_reserve(rs_agents *a, size_t n, rs_error *err);
void rs_agents_free(rs_agents *a);

/* Bytes of agent state per agent (sum of the element sizes above). */
size_t rs_agents_bytes_per_agent(void);

#endif
