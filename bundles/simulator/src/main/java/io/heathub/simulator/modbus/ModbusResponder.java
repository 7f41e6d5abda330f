package io.heathub.simulator.modbus;

import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterResponse;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.heathub.simulator.modbus.ModbusUnit.Table;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Which answer a request gets, for both framings: the unit's values, or the exception it refuses
 * with. Quantities outside what Modbus allows per request are exception 03, as the standard says.
 */
final class ModbusResponder {
    /** Modbus exception 0B: a gateway has no answer from the addressed unit. */
    static final int GATEWAY_TARGET_FAILED_TO_RESPOND = 0x0B;
    private static final int MAX_READ_REGISTERS = 125;
    private static final int MAX_READ_BITS = 2000;
    private static final int MAX_WRITE_REGISTERS = 123;
    private static final int MAX_WRITE_BITS = 1968;
    private static final System.Logger LOG = System.getLogger(ModbusResponder.class.getName());

    private final String name;
    private final Map<Integer, ModbusUnit> units;

    ModbusResponder(String name, Map<Integer, ? extends ModbusUnit> units) {
        this.name = name;
        this.units = Map.copyOf(units);
    }

    /** The unit behind {@code id}, or null when there is none. */
    ModbusUnit unit(int id) {
        return units.get(id);
    }

    /** Every unit, for a broadcast. */
    java.util.Collection<ModbusUnit> units() {
        return units.values();
    }

    /** The answer of {@code unit} to {@code request}. */
    ModbusResponse respond(ModbusUnit unit, ModbusRequest request) {
        try {
            return answer(unit, request);
        } catch (RegisterAccessException e) {
            LOG.log(Level.DEBUG, () -> name + ": unit " + request.getUnitID() + " refused: " + e.getMessage());
            return request.createExceptionResponse(e.exceptionCode());
        }
    }

    private static ModbusResponse answer(ModbusUnit unit, ModbusRequest request) throws RegisterAccessException {
        if (request instanceof ReadCoilsRequest read) {
            int[] bits = unit.read(Table.COILS, read.getReference(), quantity(read.getBitCount(), MAX_READ_BITS));
            ReadCoilsResponse response = (ReadCoilsResponse) read.getResponse();
            for (int i = 0; i < bits.length; i++) {
                response.setCoilStatus(i, bits[i] != 0);
            }
            return response;
        }
        if (request instanceof ReadInputDiscretesRequest read) {
            int[] bits = unit.read(Table.DISCRETE_INPUTS, read.getReference(),
                    quantity(read.getBitCount(), MAX_READ_BITS));
            ReadInputDiscretesResponse response = (ReadInputDiscretesResponse) read.getResponse();
            for (int i = 0; i < bits.length; i++) {
                response.setDiscreteStatus(i, bits[i] != 0);
            }
            return response;
        }
        if (request instanceof ReadMultipleRegistersRequest read) {
            int[] words = unit.read(Table.HOLDING_REGISTERS, read.getReference(),
                    quantity(read.getWordCount(), MAX_READ_REGISTERS));
            Register[] registers = new Register[words.length];
            for (int i = 0; i < words.length; i++) {
                registers[i] = new SimpleRegister(words[i]);
            }
            ReadMultipleRegistersResponse response = (ReadMultipleRegistersResponse) read.getResponse();
            response.setRegisters(registers);
            return response;
        }
        if (request instanceof ReadInputRegistersRequest read) {
            int[] words = unit.read(Table.INPUT_REGISTERS, read.getReference(),
                    quantity(read.getWordCount(), MAX_READ_REGISTERS));
            InputRegister[] registers = new InputRegister[words.length];
            for (int i = 0; i < words.length; i++) {
                registers[i] = new SimpleInputRegister(words[i]);
            }
            ReadInputRegistersResponse response = read.getResponse();
            response.setRegisters(registers);
            return response;
        }
        if (request instanceof WriteCoilRequest write) {
            unit.write(Table.COILS, write.getReference(), new int[] {write.getCoil() ? 1 : 0});
            return withHeaderOf(write, new WriteCoilResponse(write.getReference(), write.getCoil()));
        }
        if (request instanceof WriteSingleRegisterRequest write) {
            int value = write.getRegister().toUnsignedShort();
            unit.write(Table.HOLDING_REGISTERS, write.getReference(), new int[] {value});
            return withHeaderOf(write, new WriteSingleRegisterResponse(write.getReference(), value));
        }
        if (request instanceof WriteMultipleCoilsRequest write) {
            int[] bits = new int[quantity(write.getBitCount(), MAX_WRITE_BITS)];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = write.getCoilStatus(i) ? 1 : 0;
            }
            unit.write(Table.COILS, write.getReference(), bits);
            return withHeaderOf(write, new WriteMultipleCoilsResponse(write.getReference(), bits.length));
        }
        if (request instanceof WriteMultipleRegistersRequest write) {
            int[] words = new int[quantity(write.getWordCount(), MAX_WRITE_REGISTERS)];
            for (int i = 0; i < words.length; i++) {
                words[i] = write.getRegisterValue(i);
            }
            unit.write(Table.HOLDING_REGISTERS, write.getReference(), words);
            WriteMultipleRegistersResponse response = (WriteMultipleRegistersResponse) write.getResponse();
            response.setReference(write.getReference());
            response.setWordCount(words.length);
            return response;
        }
        throw RegisterAccessException.illegalFunction("function " + request.getFunctionCode() + " is not served");
    }

    /** Modbus's per-request limits: a quantity outside them is exception 03. */
    private static int quantity(int count, int max) throws RegisterAccessException {
        if (count < 1 || count > max) {
            throw RegisterAccessException.illegalValue("quantity " + count + " outside 1.." + max);
        }
        return count;
    }

    /** The exception answer of a gateway for a unit id with no device behind it. */
    static ModbusResponse noSuchUnit(ModbusRequest request) {
        return request.createExceptionResponse(GATEWAY_TARGET_FAILED_TO_RESPOND);
    }

    private static ModbusResponse withHeaderOf(ModbusRequest request, ModbusResponse response) {
        response.setHeadless(request.isHeadless());
        response.setTransactionID(request.getTransactionID());
        response.setProtocolID(request.getProtocolID());
        response.setUnitID(request.getUnitID());
        return response;
    }
}
