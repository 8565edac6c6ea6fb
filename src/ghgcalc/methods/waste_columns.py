"""Names and meanings of the optional activity columns read by the waste methods.

Kept apart from ``waste_engine`` so that reading an input file does not import the methods.
"""

# Optional columns of an activity row read by the waste methods (canonical name → meaning).
ROW_COLUMNS: dict[str, str] = {
    "method": "waste method: methane_commitment, first_order_decay, composting, anaerobic_digestion, "
              "incineration, open_burning, wastewater_domestic, wastewater_industrial",
    "waste_type": "one waste type (food, garden, paper, wood, textiles, nappies, rubber_leather, plastics, "
                  "metal, glass, other_inert, industrial, bulk, sewage_sludge)",
    "composition": "waste composition as type:share pairs, e.g. 'food:40; paper:25; plastics:15' (% or fractions)",
    "doc": "degradable organic carbon of the waste [fraction of wet weight]",
    "landfill_type": "managed_anaerobic, managed_semi_aerobic, unmanaged_deep, unmanaged_shallow, uncategorised",
    "mcf": "methane correction factor [fraction] (landfill or wastewater pathway)",
    "docf": "fraction of DOC that decomposes [fraction]",
    "ch4_fraction": "fraction of CH4 in landfill gas F [fraction]",
    "covered": "yes if the landfill is covered with CH4-oxidising material (OX 0.1)",
    "ox": "oxidation factor [fraction]",
    "f_rec": "fraction of landfill methane recovered (methane commitment) [fraction]",
    "recovered_t": "methane recovered in the inventory year [t CH4]",
    "climate_zone": "boreal_temperate_dry, boreal_temperate_wet, tropical_dry, tropical_wet (first-order decay)",
    "k": "methane generation rate constant [1/yr] (first-order decay)",
    "site": "landfill name linking a first_order_decay row to its waste_history rows",
    "basis": "wet (default) or dry: the weight basis of the quantity (biological treatment)",
    "technology": "incinerator: continuous_stoker, continuous_fluidised_bed, semi_continuous_stoker, "
                  "semi_continuous_fluidised_bed, batch_stoker, batch_fluidised_bed",
    "dm": "dry matter content [fraction of wet weight]",
    "cf": "carbon content of the dry matter [fraction]",
    "fcf": "fossil share of the carbon [fraction]",
    "of": "oxidation factor of burning [fraction]",
    "ef_ch4": "CH4 emission factor (g/kg for biological treatment, g/t for burning)",
    "ef_n2o": "N2O emission factor (g/kg for biological treatment, g/t for burning)",
    "pathway": "wastewater treatment or discharge pathway (e.g. septic_system, anaerobic_reactor, sea_river_lake)",
    "utilisation": "share of the row's wastewater going through the pathway, U×T [fraction]",
    "bod": "BOD per person [g BOD/person/day]",
    "bod_region": "region or country code choosing the IPCC BOD default (e.g. US, DE, africa, europe)",
    "collected": "yes/no: wastewater collected in sewers (I = 1.25) or not (I = 1.0)",
    "i_factor": "correction for industrial BOD co-discharged in sewers I [-]",
    "b0": "maximum CH4 producing capacity [kg CH4/kg BOD or COD]",
    "sludge_t": "organics removed as sludge [t BOD or t COD]",
    "protein": "protein consumption [kg/person/yr] (needed for effluent N2O)",
    "garbage_disposal": "yes if kitchen garbage disposals are common (F_NON-CON 1.4)",
    "sludge_n_t": "nitrogen removed with sludge [t N]",
    "industry": "industry of an industrial wastewater row (e.g. beer_malt, dairy, pulp_paper)",
    "ww_per_t": "wastewater generated [m3/t of product]",
    "cod": "chemical oxygen demand of the wastewater [kg COD/m3]",
}
