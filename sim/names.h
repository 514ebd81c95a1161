/* reoffsim — X-macro lists of category names, shared by types.c (name
 * lookup) and params_schema.c (config keys), so a name is written once. */
#ifndef REOFFSIM_NAMES_H
#define REOFFSIM_NAMES_H

#define RS_OFFENCE_LIST(X)                        \
    X(RS_OFF_VIOLENCE, "violence")                \
    X(RS_OFF_SEXUAL_CHILD, "sexual_child")        \
    X(RS_OFF_SEXUAL_OTHER, "sexual_other")        \
    X(RS_OFF_SOLICITING, "soliciting")            \
    X(RS_OFF_BURGLARY_DOMESTIC, "burglary_domestic") \
    X(RS_OFF_BURGLARY_OTHER, "burglary_other")    \
    X(RS_OFF_ROBBERY, "robbery")                  \
    X(RS_OFF_VEHICLE_THEFT, "vehicle_theft")      \
    X(RS_OFF_THEFT_FROM_VEHICLE, "theft_from_vehicle") \
    X(RS_OFF_THEFT, "theft")                      \
    X(RS_OFF_HANDLING, "handling")                \
    X(RS_OFF_FRAUD, "fraud")                      \
    X(RS_OFF_CRIMINAL_DAMAGE, "criminal_damage")  \
    X(RS_OFF_PUBLIC_ORDER, "public_order")        \
    X(RS_OFF_DRUG_SUPPLY, "drug_supply")          \
    X(RS_OFF_DRUG_POSSESSION, "drug_possession")  \
    X(RS_OFF_ABSCONDING, "absconding")            \
    X(RS_OFF_MOTORING, "motoring")                \
    X(RS_OFF_DRINK_DRIVING, "drink_driving")      \
    X(RS_OFF_OTHER, "other")

#define RS_DISPOSAL_LIST(X)                       \
    X(RS_DISP_CAUTION, "caution")                 \
    X(RS_DISP_FINE, "fine")                       \
    X(RS_DISP_COMMUNITY_ORDER, "community_order") \
    X(RS_DISP_SUSPENDED, "suspended")             \
    X(RS_DISP_CUSTODY_SHORT, "custody_short")     \
    X(RS_DISP_CUSTODY_LONG, "custody_long")

/* Court sentences: disposals from fine on (index = disposal - RS_DISP_FINE). */
#define RS_SENTENCE_LIST(X)                       \
    X(0, "fine")                                  \
    X(1, "community_order")                       \
    X(2, "suspended")                             \
    X(3, "custody_short")                         \
    X(4, "custody_long")

#define RS_NEED_LIST(X)                           \
    X(RS_NEED_ACCOMMODATION, "accommodation")     \
    X(RS_NEED_ETE, "ete")                         \
    X(RS_NEED_HEALTH, "health")                   \
    X(RS_NEED_DRUGS_CLASS_A, "drugs_class_a")     \
    X(RS_NEED_DRUGS_OTHER, "drugs_other")         \
    X(RS_NEED_ALCOHOL, "alcohol")                 \
    X(RS_NEED_FINANCE, "finance")                 \
    X(RS_NEED_FAMILY, "family")                   \
    X(RS_NEED_ATTITUDES, "attitudes")

#define RS_AGE_BAND_LIST(X)                       \
    X(RS_AGE_18_20, "18_20")                      \
    X(RS_AGE_21_24, "21_24")                      \
    X(RS_AGE_25_29, "25_29")                      \
    X(RS_AGE_30_34, "30_34")                      \
    X(RS_AGE_35_39, "35_39")                      \
    X(RS_AGE_40_49, "40_49")                      \
    X(RS_AGE_50_PLUS, "50_plus")

#endif
